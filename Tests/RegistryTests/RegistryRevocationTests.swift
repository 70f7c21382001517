import Accreditation
import Attestation
import Foundation
import TestSupport
import Testing

@testable import Desk

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A revocation list changed while the registry runs takes effect for the next publish: the
/// registry re-reads the file when it changed (checked on every publish), refuses the revoked
/// lab's next bundle with the reason, and refuses to publish at all while the file holds an older
/// list (a rollback would un-revoke the lab) or one that does not verify.
@Suite("Registry revocations", .serialized)
struct RegistryRevocationTests {
    /// The fixture's root copied to a folder of the test's own (`aitc ca revoke` rewrites its list).
    static func rootCopy(_ fixture: RealReports.Fixture, in folder: String) throws -> String {
        for suffix in [".crt", ".key"] {
            try FileManager.default.copyItem(
                atPath: fixture.folder + "/root" + suffix, toPath: folder + "/root" + suffix)
        }
        for lab in ["Lab A", "Lab B"] {
            let pem = try CertificateFiles.pem(fixture.labs[lab]!.certificate)
            try pem.write(toFile: folder + "/\(lab.last!).crt", atomically: true, encoding: .utf8)
        }
        return folder + "/root"
    }

    @Test("publish, revoke the lab while the registry runs, the next publish of that lab is refused with the reason")
    func revokedWhileServing() async throws {
        let fixture = try RegistryBundles.fixture()
        let folder = try TemporaryFolder().path
        let root = try Self.rootCopy(fixture, in: folder)
        let list = root + ".revocations.json"
        // The list the registry starts with revokes only Lab B.
        let first = try AitcProcess.run([
            "ca", "revoke", "--ca", root, "--cert", folder + "/B.crt", "--reason", "superseded",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        let older = try Data(contentsOf: URL(fileURLWithPath: list))
        #expect(try AitcProcess.run(["keys", "generate", "--out", folder + "/registry"]).status == 0)
        let server = try RegistryServerProcess(
            arguments: [
                "--db", "sqlite:\(folder)/registry.sqlite", "--trust-root", root + ".crt", "--key",
                folder + "/registry.key", "--revocations", list,
            ],
            folder: folder)
        defer { server.stop() }
        func bundle(_ lab: String, _ model: String) throws -> String {
            let path = folder + "/\(model).sigstore.json"
            try RegistryBundles.bundle(lab: lab, manufacturer: "Acme", model: model, fixture: fixture)
                .write(to: URL(fileURLWithPath: path))
            return path
        }
        let published = try bundle("Lab A", "R1")
        let before = try AitcProcess.run(["registry", "publish", published, "--to", server.url])
        #expect(before.status == 0 && before.stdout.contains("accepted: entry 0"), "\(before.stderr)")

        let revoked = try AitcProcess.run([
            "ca", "revoke", "--ca", root, "--cert", folder + "/A.crt", "--reason", "keyCompromise",
        ])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try AitcProcess.run(["registry", "publish", try bundle("Lab A", "R2"), "--to", server.url])
        #expect(after.status == 1, "a bundle of a lab revoked while the registry runs was accepted: \(after.stdout)")
        #expect(after.stderr.contains("REJECTED at step 4 (revocation"), "\(after.stderr)")
        #expect(after.stderr.contains("Lab A") && after.stderr.contains("keyCompromise"), "\(after.stderr)")
        // The bundle logged before the revocation no longer verifies, and is still in the log.
        let again = try AitcProcess.run(["registry", "publish", published, "--to", server.url])
        #expect(again.status == 0 && again.stdout.contains("already-published: entry 0"), "\(again.stderr)")
        let other = try AitcProcess.run(["registry", "publish", try bundle("Lab C", "R3"), "--to", server.url])
        #expect(other.status == 0 && other.stdout.contains("accepted: entry 1"), "\(other.stderr)")

        // Entry 0, published before Lab A was revoked, stays and is flagged on every read surface.
        let (listed, _) = try await URLSession.shared.data(from: URL(string: server.url + "/api/v1/bundles")!)
        let entries = try #require(
            (try JSONSerialization.jsonObject(with: listed) as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(entries.compactMap { $0["leaf_index"] as? Int } == [1, 0], "nothing is removed")
        let flag = try #require(entries.last?["revocation"] as? [String: Any], "\(entries)")
        #expect(flag["reason"] as? String == "keyCompromise" && flag["after_publication"] as? Bool == true)
        #expect(flag["covers_report"] as? Bool == true)
        #expect(entries.first?["revocation"] == nil, "Lab C's entry is not flagged")
        let device = try Chromium.dumpDOM(server.url + "/devices?device=Acme+R1")
        #expect(device.contains("data-revoked=\"true\"") && device.contains("lab certificate revoked on "))
        #expect(device.contains("(after publication), reason keyCompromise"))
        let board = try Chromium.dumpDOM(server.url + "/leaderboard/smartphone?clause=QUA-01")
        #expect(board.contains("<table id=\"revoked\">") && board.contains("data-leaf=\"0\" data-revoked=\"true\""))
        let compared = try Chromium.dumpDOM(server.url + "/compare")
        #expect(compared.contains("Acme R1 — Lab A #0 (lab certificate revoked)"))
        // `aitc compare --from` (which verifies each bundle itself, here without a list) says so too.
        let cli = try AitcProcess.run(["compare", "--from", server.url, "--trust-root", root + ".crt"])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(
            cli.stdout.contains("note: Acme R1 — Lab A #0: the registry flags it: lab certificate revoked on "),
            "\(cli.stdout)")
        #expect(!cli.stdout.contains("Lab C #1: the registry flags it"))

        // The older list put back (a rollback that would un-revoke Lab A): nothing is published.
        try older.write(to: URL(fileURLWithPath: list))
        let rolledBack = try AitcProcess.run(["registry", "publish", try bundle("Lab A", "R4"), "--to", server.url])
        #expect(rolledBack.status != 0, "a rolled-back revocation list was followed: \(rolledBack.stdout)")
        #expect(rolledBack.stderr.contains("older than the list in use"), "\(rolledBack.stderr)")
        // ... and no entry is shown without its revocation status: reads are refused with the reason too.
        let (refused, response) = try await URLSession.shared.data(from: URL(string: server.url + "/api/v1/bundles")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 503)
        #expect(String(decoding: refused, as: UTF8.self).contains("older than the list in use"))
    }

    @Test("a changed list that is gone, damaged, older or signed by another key is refused until it is fixed")
    func fileFollowing() throws {
        let fixture = try RegistryBundles.fixture()
        let folder = try TemporaryFolder().path
        let path = folder + "/list.json"
        let key = fixture.root.key
        func write(issuedAt: Date, revoking serials: [String]) throws -> Data {
            let list = RevocationList(
                issuerKeyID: key.publicKey.keyID, issuedAt: issuedAt,
                entries: serials.map {
                    RevocationEntry(serial: $0, subject: "Lab", reason: .keyCompromise, revokedAt: issuedAt)
                })
            let bytes = try list.signed(by: key).jsonData()
            try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
            return bytes
        }
        let start = Date()
        let old = try write(issuedAt: start, revoking: [])
        let file = try RevocationFile(path: path, root: key.publicKey)
        #expect(try file.current().entries.isEmpty)
        _ = try write(issuedAt: start.addingTimeInterval(1), revoking: ["0a"])
        #expect(try file.current().entry(serial: "0a") != nil, "the changed file is read again")

        try Data("{\"not\":\"a list\"}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: DeskError.self) { try file.current() }
        try FileManager.default.removeItem(atPath: path)
        do {
            _ = try file.current()
            Issue.record("a deleted revocation list was not noticed")
        } catch {
            #expect(error.reason.contains("is gone"), "\(error.reason)")
        }
        try old.write(to: URL(fileURLWithPath: path))
        do {
            _ = try file.current()
            Issue.record("an older revocation list was followed")
        } catch {
            #expect(error.reason.contains("older than the list in use"), "\(error.reason)")
        }
        _ = try write(issuedAt: start.addingTimeInterval(2), revoking: ["0a", "0b"])
        #expect(try file.current().entries.count == 2, "a newer list is followed again")

        // Another root's list is not one the registry follows.
        let other = SigningKey.generate()
        let foreign = RevocationList(
            issuerKeyID: other.publicKey.keyID, issuedAt: start.addingTimeInterval(3), entries: [])
        try foreign.signed(by: other).jsonData().write(to: URL(fileURLWithPath: path), options: .atomic)
        do {
            _ = try file.current()
            Issue.record("a list signed by another key was followed")
        } catch {
            #expect(error.reason.contains("no longer verifies"), "\(error.reason)")
        }
    }
}
