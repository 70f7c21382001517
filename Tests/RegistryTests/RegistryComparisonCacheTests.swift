import Attestation
import Foundation
import SQLKit
import Testing

@testable import Registry

/// A comparison reads each bundle back once: the report is kept by the bundle's digest, after the
/// stored bytes were checked against the log. Bytes edited in the database afterwards change
/// nothing the registry shows, and a registry that has not read them yet refuses them (409).
@Suite("Registry comparison cache", .serialized)
struct RegistryComparisonCacheTests {
    @Test("reports read back once are kept by digest; edited bytes are never shown")
    func keptByDigest() async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(.sqlite, fixture: fixture)
        for model in ["K1", "K2"] {
            _ = try await opened.store.publish(
                try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme", model: model, fixture: fixture))
        }
        let first = try await opened.store.comparison(matching: RegistryQuery())
        #expect(first.entries.count == 2 && first.comparison.documents.count == 2)
        #expect(await opened.store.documentCache.document(sha256: first.entries[0].bundleSHA256) != nil)

        try await opened.database.writer.update("registry_bundles").set("bytes", to: Data("{\"edited\":true}".utf8))
            .where("leaf_index", .equal, 1).run()
        let again = try await opened.store.comparison(matching: RegistryQuery())
        #expect(
            again.comparison.documents.map(\.predicate) == first.comparison.documents.map(\.predicate),
            "the kept reports are the ones the log holds")

        let reopened = try await OpenedStore.open(.sqlite, address: opened.address, fixture: fixture)
        do throws(RegistryError) {
            _ = try await reopened.store.comparison(matching: RegistryQuery())
            Issue.record("a registry compared bytes edited in its database")
        } catch {
            #expect(error.kind == .inconsistent, "\(error.reason)")
        }
        await reopened.database.close()
        await opened.close()
    }
}
