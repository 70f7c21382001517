import Accreditation
import Attestation
import Crypto
import Desk
import Foundation
import Logging
import RegistryServer
import SQLKit
import TestSupport
import Testing
import Transparency

@testable import Registry

/// The registry's rules on SQLite and on a real PostgreSQL server: only verifying bundles are
/// stored, byte for byte, once; every entry is provably in the signed log; and rows altered or
/// deleted behind its back are caught — by the registry on start, and by a client that kept an
/// older signed tree head when the operator re-signs a rewritten log.
@Suite("Registry store", .serialized)
struct RegistryStoreTests {
    @Test(
        "publish: two labs accepted, idempotent, linked; tampered and out-of-scope refused with the step; proofs verify",
        arguments: RegistryBackend.allCases)
    func publishAndProve(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(backend, fixture: fixture)
        let store = opened.store
        let a1 = try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme", model: "P1", fixture: fixture)
        let c1 = try RegistryBundles.bundle(lab: "Lab C", manufacturer: "Acme", model: "P1", fixture: fixture)
        let a2 = try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Zeta", model: "Z9", fixture: fixture)

        let first = try await store.publish(a1)
        #expect(first.status == "accepted" && first.entry.leafIndex == 0 && first.entry.previousLeafIndex == nil)
        let second = try await store.publish(c1)
        #expect(second.entry.leafIndex == 1)
        #expect(
            second.entry.previousLeafIndex == 0, "a later report for the same device and suite links to the earlier one"
        )
        #expect(second.entry.report.lab == "Lab C" && second.entry.report.device == "Acme P1")
        let third = try await store.publish(a2)
        #expect(third.entry.previousLeafIndex == nil)

        let again = try await store.publish(a1)
        #expect(again.status == "already-published" && again.entry.leafIndex == 0)
        #expect(await store.treeHead().treeHead.treeSize == 3, "re-publishing adds nothing to the log")

        // Refusals name the step; nothing is stored for them.
        let outOfScope = try RegistryBundles.bundle(lab: "Lab B", manufacturer: "Acme", model: "P2", fixture: fixture)
        for (bundle, step) in [(outOfScope, 5), (try RealReports.tampered(a2), 0)] {
            do throws(RegistryError) {
                _ = try await store.publish(bundle)
                Issue.record("a bundle that does not verify was accepted")
            } catch {
                #expect(error.kind == .rejected)
                if step > 0 { #expect(error.step?.number == step, "\(error.reason)") }
                #expect(error.reason.hasPrefix("rejected at step"))
            }
        }
        do throws(RegistryError) {
            _ = try await store.publish(Data("{\"not\":\"a bundle\"}".utf8))
            Issue.record("a non-bundle was accepted")
        } catch {
            #expect(error.kind == .rejected && error.step?.number == 1)
        }
        let rows = try await opened.database.reader.select().column("leaf_index").from("registry_bundles").all().count
        #expect(rows == 3, "the database never holds a bundle that does not verify")

        // Stored byte for byte; every proof verifies offline against the signed head.
        for (bundle, receipt) in [(a1, first), (c1, second), (a2, third)] {
            #expect(try await store.bundle(sha256: receipt.entry.bundleSHA256) == bundle)
            let proof = try await store.inclusionProof(bundleSHA256: receipt.entry.bundleSHA256)
            let head = try proof.verify(bundle: bundle, key: store.key)
            #expect(head.treeSize == 3)
            // The proof returned at publish time still verifies against its own (older) head.
            _ = try receipt.proof.verify(bundle: bundle, key: store.key)
            #expect(throws: TransparencyError.self) { try proof.verify(bundle: a1 == bundle ? c1 : a1, key: store.key) }
        }
        let consistency = try await store.consistencyProof(from: 1)
        _ = try consistency.verify(extending: first.proof.treeHead, key: store.key)

        // The index answers the filters.
        var query = RegistryQuery()
        query.lab = "Lab C"
        #expect(try await store.entries(matching: query).map(\.leafIndex) == [1])
        query = RegistryQuery()
        query.deviceClass = "smartphone"
        #expect(try await store.entries(matching: query).map(\.leafIndex) == [2, 1, 0])
        query.device = "Acme P1"
        #expect(try await store.entries(matching: query).count == 2)
        query = RegistryQuery()
        query.standardSHA256 = first.entry.report.standards.first?.split(separator: "@").last.map(String.init)
        #expect(try await store.entries(matching: query).count == 3)
        query.decision = "no-such-decision"
        #expect(try await store.entries(matching: query).isEmpty)
        await opened.close()
    }

    @Test(
        "a row altered or deleted without the registry's key stops the registry from starting",
        arguments: RegistryBackend.allCases)
    func databaseTamperingStopsTheRegistry(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        for attack in ["alter leaf hash", "delete entry", "alter stored bytes"] {
            let opened = try await OpenedStore.open(backend, fixture: fixture)
            try await opened.publish(["M1", "M2", "M3"], fixture: fixture)
            let db = opened.database.writer
            let sha = try #require(try await opened.store.entry(leafIndex: 1)).bundleSHA256
            switch attack {
            case "alter leaf hash":
                try await db.update("registry_entries").set("leaf_hash", to: Hex.encode(MerkleHash.leaf([1, 2, 3])))
                    .where("leaf_index", .equal, 1).run()
            case "delete entry":
                try await db.delete(from: "registry_entries").where("leaf_index", .equal, 1).run()
            default:
                try await db.update("registry_bundles").set("bytes", to: Data("{\"edited\":true}".utf8)).where(
                    "leaf_index", .equal, 1
                ).run()
            }
            await opened.database.close()
            if attack == "alter stored bytes" {
                // The leaf hashes still match, so the registry starts, but it will not serve the edited bytes.
                let reopened = try await OpenedStore.open(backend, address: opened.address, fixture: fixture)
                await #expect(throws: RegistryError.self) { try await reopened.store.bundle(sha256: sha) }
                await reopened.database.close()
            } else {
                await #expect(throws: RegistryError.self, "\(attack)") {
                    _ = try await OpenedStore.open(backend, address: opened.address, fixture: fixture)
                }
            }
            await opened.drop()
        }
    }

    @Test(
        "an operator who rewrites the log and re-signs it is caught by a client holding an older tree head",
        arguments: RegistryBackend.allCases)
    func clientWithOlderHeadDetectsRewrite(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        for attack in ["alter", "delete"] {
            let opened = try await OpenedStore.open(backend, fixture: fixture)
            try await opened.publish(["M1", "M2", "M3"], fixture: fixture)
            // The client keeps the head it was given.
            let held = await opened.store.treeHead().note
            let honest = try await opened.store.consistencyProof(from: 3)
            _ = try honest.verify(extending: held, key: opened.store.key)

            // The operator, who has the key, rewrites entry 1 and signs a head for the rewritten log.
            let db = opened.database.writer
            switch attack {
            case "alter":
                let forged = try RegistryBundles.bundle(
                    lab: "Lab A", manufacturer: "Acme", model: "M2-better", fixture: fixture)
                try await db.update("registry_entries").set("leaf_hash", to: Hex.encode(MerkleHash.leaf(forged)))
                    .set("bundle_sha256", to: Hex.encode(Array(SHA256.hash(data: forged)))).where(
                        "leaf_index", .equal, 1
                    ).run()
                try await db.update("registry_bundles").set("bytes", to: forged).where("leaf_index", .equal, 1).run()
            default:
                for table in [
                    "registry_entries", "registry_bundles", "registry_standards", "registry_figures",
                    "registry_comparison_fields",
                ] {
                    try await db.delete(from: table).where("leaf_index", .equal, 1).run()
                    try await db.raw("UPDATE \(ident: table) SET leaf_index = leaf_index - 1 WHERE leaf_index > 1")
                        .run()
                }
            }
            let rows = try await db.select().column("leaf_hash").from("registry_entries").orderBy("leaf_index").all()
            let tree = MerkleTree(
                leafHashes: try rows.map { Hex.decode(try $0.decode(column: "leaf_hash", as: String.self))! })
            try await db.delete(from: "registry_tree_heads").run()
            try await db.insert(into: "registry_tree_heads").columns("tree_size", "note")
                .values(SQLBind(Int64(tree.size)), SQLBind(try opened.signer.sign(tree).note)).run()
            await opened.database.close()

            // The rewritten registry starts (its own check passes: the operator re-signed) and grows.
            let reopened = try await OpenedStore.open(backend, address: opened.address, fixture: fixture)
            try await reopened.publish(["M4", "M5"], lab: "Lab C", fixture: fixture)
            // The client asks it to prove that its log extends the head it kept: it cannot.
            let proof = try await reopened.store.consistencyProof(from: 3)
            #expect(throws: TransparencyError.self, "\(attack)") {
                _ = try proof.verify(extending: held, key: reopened.store.key)
            }
            await reopened.database.close()
            await opened.drop()
        }
    }
}
