import Accreditation
import Attestation
import Desk
import Foundation
import Locking
import SQLKit
import Testing

@testable import Registry

/// Entries published before their lab certificate was revoked are flagged on every read surface —
/// the entry and list documents, the device page, the leaderboard (shown, not ranked) and the
/// comparison — from the revocation list as it is at the read; the stored entry never changes.
@Suite("Registry revocation flags", .serialized)
struct RegistryRevocationFlagTests {
    @Test(
        "a lab revoked after publishing: its entries flagged everywhere, kept out of the ranking, unchanged in the database",
        arguments: RegistryBackend.allCases)
    func flaggedAfterPublication(_ backend: RegistryBackend) async throws {
        let fixture = try RegistryBundles.fixture()
        let list = Locked<RevocationList?>(nil)
        let opened = try await OpenedStore.open(backend, fixture: fixture, revocations: { list.withLock { $0 } })
        try await opened.publish(["F1"], fixture: fixture)
        try await opened.publish(["F2"], lab: "Lab C", fixture: fixture)
        let before = try await opened.store.entries(matching: RegistryQuery())
        #expect(before.allSatisfy { $0.revocation == nil })
        let stored = try await RegistryIndexSealTests.rows(opened.database.writer)

        // Lab A's certificate revoked now (superseded: what it signed before stays valid).
        let labA = CertificateFiles.serialHex(try #require(fixture.labs["Lab A"]).certificate)
        let now = Date()
        func revoke(_ reason: RevocationReason, at: Date) {
            list.withLock {
                $0 = RevocationList(
                    issuerKeyID: fixture.root.key.publicKey.keyID, issuedAt: now,
                    entries: [RevocationEntry(serial: labA, subject: "Lab A", reason: reason, revokedAt: at)])
            }
        }
        revoke(.superseded, at: now)
        let entries = try await opened.store.entries(matching: RegistryQuery())
        #expect(entries.map(\.leafIndex) == [1, 0])
        let notice = try #require(entries[1].revocation, "Lab A's entry is flagged")
        #expect(entries[0].revocation == nil, "Lab C's is not")
        #expect(notice.serial == labA && notice.labCertificate && notice.reason == "superseded")
        #expect(notice.afterPublication && !notice.coversReport)
        #expect(notice.notice.hasPrefix("lab certificate revoked on \(Timestamp.format(now)) (after publication)"))
        // The same flag from every read.
        #expect(try await opened.store.entry(sha256: entries[1].bundleSHA256)?.revocation == notice)
        let compared = try await opened.store.comparison(matching: RegistryQuery())
        #expect(compared.entries.map(\.revocation) == [nil, notice])
        let document = try JSONSerialization.jsonObject(with: JSONEncoder().encode(entries[1])) as? [String: Any]
        let json = try #require(document?["revocation"] as? [String: Any], "the entry document carries the flag")
        #expect(json["after_publication"] as? Bool == true && json["reason"] as? String == "superseded")
        #expect(json["notice"] as? String == notice.notice)

        // The pages: device page, comparison, leaderboard (Lab A's row shown, flagged, not ranked).
        let device = RegistryPages.device("Acme F1", entries: [entries[1]])
        #expect(device.contains("data-revoked=\"true\"") && device.contains(ReportRendering.escape(notice.notice)))
        let page = RegistryPages.comparison(compared.comparison, entries: compared.entries)
        #expect(page.contains("<tr data-leaf=\"0\" data-column=\"1\" data-revoked=\"true\">"))
        #expect(page.contains("Acme F1 — Lab A #0 (lab certificate revoked)"))
        #expect(!page.contains("<tr data-leaf=\"1\" data-column=\"0\" data-revoked"))
        let board = RegistryPages.leaderboard(
            deviceClass: "smartphone", clause: "QUA-01", entries: compared.entries, comparison: compared.comparison)
        let ranked = try #require(board.range(of: "<table id=\"leaderboard\"")).lowerBound
        let flagged = try #require(board.range(of: "<table id=\"revoked\""), "a table of flagged rows").lowerBound
        #expect(!board[ranked..<flagged].contains("data-leaf=\"0\""), "Lab A's report is not ranked")
        #expect(board[ranked..<flagged].contains("data-leaf=\"1\""), "Lab C's is")
        #expect(board[flagged...].contains("data-leaf=\"0\" data-revoked=\"true\""))

        // A compromised key covers everything it signed; a revocation dated before publication says so.
        revoke(.keyCompromise, at: now.addingTimeInterval(-86400 * 365))
        let compromised = try #require(try await opened.store.entry(sha256: entries[1].bundleSHA256)?.revocation)
        #expect(!compromised.afterPublication && compromised.coversReport)
        #expect(compromised.notice.contains("(before publication), reason keyCompromise"))

        // The list emptied again: no flag. Nothing in the database changed throughout.
        list.withLock { $0 = RevocationList(issuerKeyID: fixture.root.key.publicKey.keyID, issuedAt: now, entries: []) }
        #expect(try await opened.store.entries(matching: RegistryQuery()) == before)
        let after = try await RegistryIndexSealTests.rows(opened.database.writer)
        #expect(after.map(\.json) == stored.map(\.json) && after.map(\.seal) == stored.map(\.seal))
        await opened.close()
    }
}
