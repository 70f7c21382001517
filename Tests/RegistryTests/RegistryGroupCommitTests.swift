import Foundation
import SQLKit
import Testing
import Transparency

@testable import Registry

/// Group commit: bundles verified while another batch was written are appended in one
/// transaction, and still each gets its own entry, its own signed tree head, the link to the
/// earlier report of its device, and a proof that verifies; a repeated bundle in a batch is stored once.
@Suite("Registry group commit", .serialized)
struct RegistryGroupCommitTests {
    @Test(
        "one transaction for a queued batch: a head for every size, links and proofs",
        arguments: RegistryBackend.allCases)
    func queuedBatch(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(backend, fixture: fixture)
        let store = opened.store
        let first = try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme", model: "G0", fixture: fixture)
        _ = try await store.publish(first)
        var bundles: [Data] = []
        for (lab, model) in [("Lab A", "G1"), ("Lab C", "G0"), ("Lab C", "G1"), ("Lab A", "G2")] {
            bundles.append(try RegistryBundles.bundle(lab: lab, manufacturer: "Acme", model: model, fixture: fixture))
        }
        bundles.append(bundles[1])  // the same bytes twice in one batch
        // Queue them all (as concurrent publishers do while a batch is written), then one append.
        var tickets: [UInt64] = []
        for bundle in bundles {
            let outcome = await OpenedStore.policy(fixture)().verify(bundle: bundle)
            let report = try #require(outcome.report, "\(outcome.failure?.reason ?? "")")
            tickets.append(
                await store.queue.add(
                    bytes: bundle, sha: SHA256Digest.hex(bundle), indexed: IndexedReport(report),
                    fields: RegistryStore.comparisonFields(of: report)))
        }
        _ = try await store.lock.run { await store.appendQueued() }
        var entries: [RegistryEntry] = []
        for ticket in tickets {
            let outcome = try #require(await store.queue.outcome(ticket), "every queued bundle has an outcome")
            entries.append(try outcome.get().entry)
            #expect(try outcome.get().status == (ticket == tickets.last ? "already-published" : "accepted"))
        }
        #expect(entries.map(\.leafIndex) == [1, 2, 3, 4, 2])
        #expect(entries[1].previousLeafIndex == 0, "G0 by Lab C follows G0 by Lab A, published before the batch")
        #expect(entries[2].previousLeafIndex == 1, "G1 by Lab C follows G1 by Lab A in the same batch")
        #expect(entries[0].previousLeafIndex == nil && entries[3].previousLeafIndex == nil)
        #expect(await store.treeHead().treeHead.treeSize == 5)
        let stored = try await opened.database.reader.select().column("leaf_index").from("registry_bundles").all()
        #expect(stored.count == 5, "the repeated bundle is stored once")
        // Every size has its signed head; every entry's proof verifies against each head that holds it.
        for size in UInt64(1)...5 {
            let consistency = try await store.consistencyProof(from: 1, to: size)
            #expect(consistency.newSize == size)
            for (index, bundle) in ([first] + bundles.prefix(4)).enumerated() where UInt64(index) < size {
                let proof = try await store.inclusionProof(
                    leafIndex: UInt64(index), bundleSHA256: SHA256Digest.hex(bundle), treeSize: size)
                #expect(try proof.verify(bundle: bundle, key: store.key).treeSize == size)
            }
        }
        await opened.close()
    }

    @Test("a publisher whose bundle an earlier lock holder appended passes the lock on without appending the next one")
    func noConvoy() async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(.sqlite, fixture: fixture)
        let store = opened.store
        let mine = try RegistryBundles.bundle(lab: "Lab A", manufacturer: "Acme", model: "N0", fixture: fixture)
        let later = try RegistryBundles.bundle(lab: "Lab C", manufacturer: "Acme", model: "N1", fixture: fixture)
        // The test holds the append lock while the publisher verifies, queues its bundle and waits for the lock.
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let (release, releasing) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await store.lock.run {
                holding.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        let publisher = Task { try await store.publish(mine) }
        while await store.queue.waitingCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))  // the publisher now waits for the lock
        // As a holder before it would: append what is queued (its bundle), then another bundle arrives.
        await store.appendQueued()
        let outcome = await OpenedStore.policy(fixture)().verify(bundle: later)
        let report = try #require(outcome.report)
        _ = await store.queue.add(
            bytes: later, sha: SHA256Digest.hex(later), indexed: IndexedReport(report),
            fields: RegistryStore.comparisonFields(of: report))
        releasing.yield()
        _ = try await holder.value
        let receipt = try await publisher.value
        #expect(receipt.status == "accepted" && receipt.entry.leafIndex == 0)
        #expect(
            await store.queue.waitingCount == 1,
            "the publisher, its bundle already appended, appended the later bundle before it could answer")
        await opened.close()
    }

    @Test("concurrent publishes: every one accepted once, in one log whose every proof verifies")
    func concurrentPublishes() async throws {
        let fixture = try RegistryBundles.fixture()
        let opened = try await OpenedStore.open(.sqlite, fixture: fixture)
        let store = opened.store
        var bundles: [Data] = []
        for index in 0..<12 {
            bundles.append(
                try RegistryBundles.bundle(
                    lab: index % 2 == 0 ? "Lab A" : "Lab C", manufacturer: "Acme", model: "C\(index / 2)",
                    fixture: fixture))
        }
        let receipts = try await withThrowingTaskGroup(of: PublishReceipt.self) { group in
            for bundle in bundles + bundles.prefix(3) { group.addTask { try await store.publish(bundle) } }
            var all: [PublishReceipt] = []
            for try await receipt in group { all.append(receipt) }
            return all
        }
        #expect(Set(receipts.map(\.entry.leafIndex)) == Set(0..<12))
        #expect(receipts.filter { $0.status == "accepted" }.count == 12)
        #expect(await store.treeHead().treeHead.treeSize == 12)
        for bundle in bundles {
            let proof = try await store.inclusionProof(bundleSHA256: SHA256Digest.hex(bundle))
            _ = try proof.verify(bundle: bundle, key: store.key)
        }
        let linked = receipts.filter { $0.status == "accepted" && $0.entry.previousLeafIndex != nil }
        #expect(linked.count == 6, "the second report of each of the six devices links to the first")
        await opened.close()
    }
}
