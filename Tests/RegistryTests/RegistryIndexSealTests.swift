import Attestation
import Foundation
import SQLKit
import Testing

@testable import Registry

/// The listing fields of an entry (`index_json` with the time received and the earlier entry) are
/// sealed at publish as the comparison fields are; a row edited, swapped or forged by someone with
/// database access but without the registry's key is refused (inconsistent), never served. Entries
/// published before the index was sealed are derived again from their bundles, checked against the log.
@Suite("Registry index seal", .serialized)
struct RegistryIndexSealTests {
    static func rows(_ db: any SQLDatabase) async throws -> [(leaf: Int64, json: String, seal: String?)] {
        try await db.select().columns("leaf_index", "index_json", "index_seal").from("registry_entries")
            .orderBy("leaf_index").all().map {
                (
                    try $0.decode(column: "leaf_index", as: Int64.self),
                    try $0.decode(column: "index_json", as: String.self),
                    try $0.decode(column: "index_seal", as: String?.self)
                )
            }
    }

    @Test(
        "an edited, swapped or forged index row is refused; an unsealed (older) one is derived from its logged bundle",
        arguments: RegistryBackend.allCases)
    func sealedIndex(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(backend, fixture: fixture)
        try await opened.publish(["S1", "S2"], fixture: fixture)
        try await opened.publish(["S3"], lab: "Lab C", fixture: fixture)
        let honest = try await opened.store.entries(matching: RegistryQuery())
        #expect(honest.map(\.leafIndex) == [2, 1, 0])
        #expect(
            honest.allSatisfy { $0.report.labCertificateSerials.count >= 1 }, "the lab certificate's serial is indexed")
        let kept = try await Self.rows(opened.database.writer)
        #expect(kept.allSatisfy { $0.seal?.count == 64 }, "every new entry's index is sealed")
        let writer = opened.database.writer

        func restore() async throws {
            for row in kept {
                try await writer.update("registry_entries").set("index_json", to: row.json)
                    .set("index_seal", to: row.seal).set("lab", to: row.leaf == 2 ? "Lab C" : "Lab A")
                    .set("received_at", to: honest.first { $0.leafIndex == UInt64(row.leaf) }!.receivedAt)
                    .where("leaf_index", .equal, row.leaf).run()
            }
        }
        let edits: [(String, RegistryQuery, @Sendable () async throws -> Void)] = [
            (
                "index edited (another lab)", RegistryQuery(),
                {
                    try await writer.update("registry_entries")
                        .set("index_json", to: kept[0].json.replacingOccurrences(of: "\"Lab A\"", with: "\"Lab Z\""))
                        .where("leaf_index", .equal, 0).run()
                }
            ),
            (
                "index and seal of another entry", RegistryQuery(),
                {
                    try await writer.update("registry_entries").set("index_json", to: kept[1].json)
                        .set("index_seal", to: kept[1].seal).where("leaf_index", .equal, 0).run()
                }
            ),
            (
                "seal forged", RegistryQuery(),
                {
                    try await writer.update("registry_entries").set("index_seal", to: String(repeating: "0", count: 64))
                        .where("leaf_index", .equal, 1).run()
                }
            ),
            (
                "time received edited", RegistryQuery(),
                {
                    try await writer.update("registry_entries").set("received_at", to: "2020-01-01T00:00:00.000Z")
                        .where("leaf_index", .equal, 1).run()
                }
            ),
            (
                "filter column edited (found under another lab)",
                {
                    var query = RegistryQuery()
                    query.lab = "Lab C"
                    return query
                }(),
                {
                    try await writer.update("registry_entries").set("lab", to: "Lab C").where("leaf_index", .equal, 0)
                        .run()
                }
            ),
        ]
        for (what, query, edit) in edits {
            try await restore()
            #expect(try await opened.store.entries(matching: query).count >= 1, "\(what): restored")
            try await edit()
            await RegistryComparisonCacheTests.expectInconsistent(what) { () async throws(RegistryError) in
                _ = try await opened.store.entries(matching: query)
            }
            await RegistryComparisonCacheTests.expectInconsistent(what + ", looked up by digest") {
                () async throws(RegistryError) in
                for entry in honest { _ = try await opened.store.entry(sha256: entry.bundleSHA256) }
            }
        }

        // An entry without a seal (published before the index was sealed): its index is derived
        // again from its bundle — what the edited index_json says is not shown.
        try await restore()
        try await writer.update("registry_entries").set("index_seal", to: SQLLiteral.null)
            .set("index_json", to: kept[0].json.replacingOccurrences(of: "\"Lab A\"", with: "\"Lab Z\"")).run()
        #expect(try await opened.store.entries(matching: RegistryQuery()) == honest)
        #expect(try await opened.store.entry(sha256: honest[2].bundleSHA256) == honest[2])
        // ... and its bundle's bytes are checked against the log first.
        try await writer.update("registry_bundles").set("bytes", to: Data("{\"edited\":true}".utf8))
            .where("leaf_index", .equal, 1).run()
        await RegistryComparisonCacheTests.expectInconsistent("unsealed, bytes edited") {
            () async throws(RegistryError) in
            _ = try await opened.store.entries(matching: RegistryQuery())
        }
        await opened.close()
    }

    @Test(
        "the device classes and suites of every entry come from one query over all of them",
        arguments: RegistryBackend.allCases)
    func publishedSuites(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(backend, fixture: fixture)
        #expect(try await opened.store.publishedSuites().isEmpty)
        let pc = try #require(fixture.signed.first { $0.deviceClass == "pc" })
        _ = try await opened.store.publish(pc.bundle)
        try await opened.publish(["Q1", "Q2"], fixture: fixture)
        var newest = RegistryQuery(limit: 2)
        newest.lab = "Lab A"
        #expect(try await opened.store.entries(matching: newest).allSatisfy { $0.report.deviceClass == "smartphone" })
        let suites = try await opened.store.publishedSuites()
        #expect(suites.map(\.deviceClass) == ["pc", "smartphone"], "the pc class, listed or not")
        #expect(suites.allSatisfy { !$0.suiteID.isEmpty && !$0.suiteVersion.isEmpty })
        await opened.close()
    }

    @Test(
        "a schema-2 database is upgraded: its entries, without a seal, are listed as published; new ones are sealed",
        arguments: RegistryBackend.allCases)
    func upgradedFromSchemaTwo(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(backend, fixture: fixture)
        try await opened.publish(["U1", "U2"], fixture: fixture)
        let published = try await opened.store.entries(matching: RegistryQuery())
        // Back to schema 2, as a registry from before the index seal left it.
        try await opened.database.writer.raw("ALTER TABLE registry_entries DROP COLUMN index_seal").run()
        try await opened.database.writer.delete(from: "registry_schema").where("version", .equal, 3).run()
        await opened.database.close()

        let upgraded = try await OpenedStore.open(backend, address: opened.address, fixture: fixture)
        #expect(try await Self.rows(upgraded.database.writer).allSatisfy { $0.seal == nil })
        #expect(try await upgraded.store.entries(matching: RegistryQuery()) == published)
        try await upgraded.publish(["U3"], fixture: fixture)
        let rows = try await Self.rows(upgraded.database.writer)
        #expect(rows.map { $0.seal != nil } == [false, false, true])
        #expect(try await upgraded.store.entries(matching: RegistryQuery()).map(\.leafIndex) == [2, 1, 0])
        await upgraded.close()
    }
}
