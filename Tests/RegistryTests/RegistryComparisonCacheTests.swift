import Attestation
import Desk
import Foundation
import SQLKit
import Testing

@testable import Registry

/// A comparison parses no bundle: what it reads of each report was kept at publish under the
/// registry's seal, and a report read once is kept by its bundle's digest. Edited bundle bytes are
/// never shown (and are refused when served); edited, swapped or forged comparison fields are
/// refused; entries without kept fields are read from their bundles, checked against the log.
@Suite("Registry comparison cache", .serialized)
struct RegistryComparisonCacheTests {
    @Test("comparison fields are kept sealed at publish; edited bytes or fields are never shown")
    func keptByDigest() async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(.sqlite, fixture: fixture)
        let bundles = try await opened.publish(["K1", "K2"], fixture: fixture)
        let first = try await opened.store.comparison(matching: RegistryQuery())
        #expect(first.entries.count == 2 && first.comparison.documents.count == 2)
        #expect(await opened.store.documentCache.document(sha256: first.entries[0].bundleSHA256) != nil)

        // The kept fields compare exactly as the whole reports read from the bundles do.
        let whole = try first.entries.map { entry in
            let title = "\(entry.report.device) — \(entry.report.lab) #\(entry.leafIndex)"
            return try ReportDocument.read(bytes: bundles[Int(entry.leafIndex)], path: title).titled(title)
        }
        let wholeComparison = ReportComparison(documents: whole)
        #expect(first.comparison.html() == wholeComparison.html())
        #expect(first.comparison.table() == wholeComparison.table())
        #expect(first.comparison.findings == wholeComparison.findings)
        #expect(
            RegistryPages.leaderboard(
                deviceClass: "smartphone", clause: "QUA-01", entries: first.entries, comparison: first.comparison)
                == RegistryPages.leaderboard(
                    deviceClass: "smartphone", clause: "QUA-01", entries: first.entries, comparison: wholeComparison))
        let reportSize = try #require(try JSONValue(data: bundles[0])["dsseEnvelope"]?["payload"]?.stringValue).count
        let kept = try await Self.fields(opened.database.writer)
        #expect(kept.allSatisfy { $0.fields.count * 2 < reportSize }, "the fields are a small part of the report")

        // Bytes edited in the database: neither this registry nor a fresh one shows them.
        try await opened.database.writer.update("registry_bundles").set("bytes", to: Data("{\"edited\":true}".utf8))
            .where("leaf_index", .equal, 1).run()
        let again = try await opened.store.comparison(matching: RegistryQuery())
        #expect(again.comparison.documents.map(\.predicate) == first.comparison.documents.map(\.predicate))
        let reopened = try await OpenedStore.open(.sqlite, address: opened.address, fixture: fixture)
        let fresh = try await reopened.store.comparison(matching: RegistryQuery())
        #expect(fresh.comparison.documents.map(\.predicate) == first.comparison.documents.map(\.predicate))
        await Self.expectInconsistent { () async throws(RegistryError) in
            _ = try await reopened.store.bundle(sha256: first.entries[0].bundleSHA256)
        }
        await reopened.database.close()

        // Fields edited, moved to another entry, or removed (the bundle is then read: its bytes were edited).
        let writer = opened.database.writer
        let edits: [(String, @Sendable () async throws -> Void)] = [
            (
                "edited",
                {
                    try await writer.update("registry_comparison_fields")
                        .set(
                            "fields",
                            to: kept[0].fields.replacingOccurrences(of: "\"decision\":\"", with: "\"decision\":\"not ")
                        )
                        .where("leaf_index", .equal, 0).run()
                }
            ),
            (
                "another entry's",
                {
                    try await writer.update("registry_comparison_fields").set("fields", to: kept[1].fields)
                        .set("seal", to: kept[1].seal).where("leaf_index", .equal, 0).run()
                }
            ),
            (
                "removed",
                { try await writer.delete(from: "registry_comparison_fields").where("leaf_index", .equal, 1).run() }
            ),
        ]
        for (what, edit) in edits {
            for row in kept {
                try await writer.update("registry_comparison_fields").set("fields", to: row.fields)
                    .set("seal", to: row.seal).where("leaf_index", .equal, row.leaf).run()
            }
            try await edit()
            let store = try await OpenedStore.open(.sqlite, address: opened.address, fixture: fixture)
            await Self.expectInconsistent(what) { () async throws(RegistryError) in
                _ = try await store.store.comparison(matching: RegistryQuery())
            }
            await store.database.close()
        }
        #expect(kept[0].fields.contains("\"decision\":\""), "the edit above changed something")
        await opened.close()
    }

    static func fields(_ db: any SQLDatabase) async throws -> [(leaf: Int64, fields: String, seal: String)] {
        try await db.select().columns("leaf_index", "fields", "seal").from("registry_comparison_fields")
            .orderBy("leaf_index").all().map {
                (
                    try $0.decode(column: "leaf_index", as: Int64.self),
                    try $0.decode(column: "fields", as: String.self),
                    try $0.decode(column: "seal", as: String.self)
                )
            }
    }

    static func expectInconsistent(
        _ what: String = "", _ body: () async throws(RegistryError) -> Void
    ) async {
        do throws(RegistryError) {
            try await body()
            Issue.record("\(what): the registry served what its database was altered to hold")
        } catch {
            #expect(error.kind == .inconsistent, "\(what): \(error.reason)")
        }
    }
}
