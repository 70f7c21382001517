import Foundation
import SQLKit
import TestSupport
import Testing

@testable import Registry

/// A batch is stored all or nothing, on both databases (PostgreSQL stores it in one statement,
/// SQLite in a transaction): a failure in the batch's last INSERT leaves no row of it and the log as
/// it was, and the next publish takes the same leaf.
@Suite("Registry append is atomic", .serialized)
struct RegistryAtomicAppendTests {
    static let tables = [
        "registry_entries", "registry_bundles", "registry_comparison_fields", "registry_standards",
        "registry_figures",
    ]

    @Test(
        "a batch whose last INSERT fails leaves no row and the log unchanged; the next publish takes its leaf",
        arguments: RegistryBackend.allCases)
    func aFailedAppendLeavesNothing(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(backend, fixture: fixture)
        do {
            try await Self.failThenRecover(opened, backend: backend, fixture: fixture)
        } catch {
            await opened.close()
            throw error
        }
    }

    static func failThenRecover(
        _ opened: OpenedStore, backend: RegistryBackend, fixture: RealReports.Fixture
    ) async throws {
        let store = opened.store
        let first = try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme", model: "P1", fixture: fixture)
        let second = try RegistryBundles.bundle(lab: "Lab C", manufacturer: "Acme", model: "P1", fixture: fixture)
        _ = try await store.publish(first)
        let writer = opened.database.writer
        // A tree head in the way of the one the next append signs (tree size 2): its INSERT, the
        // batch's last, fails after the entry, bundle, figure and standard rows were written.
        try await writer.raw("INSERT INTO registry_tree_heads (tree_size, note) VALUES (2, 'in the way')").run()
        do throws(RegistryError) {
            _ = try await store.publish(second)
            Issue.record("the append succeeded although its tree head could not be stored")
        } catch {
            #expect(error.kind == .unavailable, "\(error.reason)")
        }
        for table in Self.tables {
            let rows = try await writer.select().column("leaf_index").from(table).where("leaf_index", .equal, 1).all()
            #expect(rows.isEmpty, "\(backend): \(table) kept \(rows.count) row(s) of the failed batch")
        }
        #expect(await store.treeHead().treeHead.treeSize == 1, "the log moved although the batch was not stored")

        try await writer.raw("DELETE FROM registry_tree_heads WHERE tree_size = 2").run()
        let receipt = try await store.publish(second)
        #expect(receipt.status == "accepted" && receipt.entry.leafIndex == 1 && receipt.entry.previousLeafIndex == 0)
        _ = try receipt.proof.verify(bundle: second, key: store.key)
        await opened.database.close()
        // The stored rows still give the signed head: the registry opens again.
        let reopened = try await OpenedStore.open(backend, address: opened.address, fixture: fixture)
        #expect(await reopened.store.treeHead().treeHead.treeSize == 2)
        await reopened.database.close()
        await opened.drop()
    }
}
