import Accreditation
import Attestation
import Foundation
import Testing
import X509

/// Steps 1–6 on bundles from accredited, out-of-scope, revoked, expired and impostor labs.
@Suite("Accredited bundles")
struct BundleVerifierTests {
    let folder: String
    let root: CertificateAuthority
    let labA: Lab
    let labB: Lab

    init() throws {
        folder = try Lab.folder()
        let twoYearsAgo = Date().addingTimeInterval(-730 * 86_400)
        root = try CertificateAuthority.initialize(
            name: "Test Accreditation Body", prefix: folder + "/root", validDays: 3650, now: twoYearsAgo)
        let monthAgo = Date().addingTimeInterval(-30 * 86_400)
        labA = try Lab.issue(by: root, name: "Lab A", now: monthAgo)
        labB = try Lab.issue(by: root, name: "Lab B", classes: ["smart-home"], families: ["privacy"], now: monthAgo)
    }

    func verify(
        _ bundle: Data, revocations: RevocationList? = nil, now: Date = Date()
    ) async -> Result<AccreditedReport, StepFailure> {
        do {
            return .success(
                try await BundleVerifier(root: root.certificate, revocations: revocations, now: now).verify(
                    bundle: bundle))
        } catch {
            return .failure(error)
        }
    }

    func failedStep(_ bundle: Data, revocations: RevocationList? = nil, now: Date = Date()) async -> VerificationStep? {
        if case .failure(let failure) = await verify(bundle, revocations: revocations, now: now) {
            #expect(!failure.reason.isEmpty)
            return failure.step
        }
        return nil
    }

    @Test("an accredited lab's bundle passes steps 1–6 and names the lab")
    func accepted() async throws {
        let result = await verify(try labA.bundle(labA.report()))
        let report = try result.get()
        #expect(report.labName == "Lab A")
        #expect(report.steps.map(\.step) == [.strictParse, .signature, .chain, .revocation, .scope, .labFields])
        #expect(report.steps.first { $0.step == .revocation }?.status == .skipped)
        #expect(report.chain.count == 2)
    }

    @Test(
        "P-256 labs and roots: accepted through steps 1–6; a re-signed payload, another P-256 root and a P-256 root's forged revocation list refused"
    )
    func p256() async throws {
        let p256Root = try CertificateAuthority.initialize(
            name: "P-256 Body", prefix: folder + "/p256root", validDays: 3650, now: Date().addingTimeInterval(-86_400),
            algorithm: .p256)
        #expect(try CertificateAuthority(prefix: folder + "/p256root").key.algorithm == .p256)
        let lab = try Lab.issue(by: p256Root, name: "Lab P", now: Date().addingTimeInterval(-3600), algorithm: .p256)
        let verifier = BundleVerifier(root: p256Root.certificate, revocations: nil)
        let accepted = try await verifier.verify(bundle: try lab.bundle(lab.report()))
        #expect(accepted.labName == "Lab P" && accepted.chain.count == 2)
        #expect(accepted.steps.first { $0.step == .signature }?.message.contains(lab.key.publicKey.keyID) == true)
        // Another P-256 key signs under Lab P's certificate: step 2.
        let impostor = try lab.bundle(lab.report(), signer: SigningKey.generate(algorithm: .p256))
        do {
            _ = try await verifier.verify(bundle: impostor)
            Issue.record("a payload re-signed by another P-256 key was accepted")
        } catch {
            #expect(error.step == .signature)
        }
        // The Ed25519 root does not accept the P-256 root's lab: step 3.
        let honest = try lab.bundle(lab.report())
        do {
            _ = try await BundleVerifier(root: root.certificate, revocations: nil).verify(bundle: honest)
            Issue.record("a lab of another root was accepted")
        } catch {
            #expect(error.step == .chain)
        }
        // The P-256 root's revocation list is honoured; one signed by the lab's key is not a list of the root's.
        let list = RevocationList(
            issuerKeyID: p256Root.key.publicKey.keyID, issuedAt: Date(),
            entries: [
                RevocationEntry(
                    serial: CertificateFiles.serialHex(lab.certificate), subject: "Lab P", reason: .keyCompromise,
                    revokedAt: Date())
            ])
        let parsed = try RevocationList(
            envelope: try list.signed(by: p256Root.key).jsonData(), root: p256Root.key.publicKey)
        do {
            _ = try await BundleVerifier(root: p256Root.certificate, revocations: parsed).verify(bundle: honest)
            Issue.record("a revoked P-256 lab was accepted")
        } catch {
            #expect(error.step == .revocation)
        }
        #expect(throws: (any Error).self) {
            try RevocationList(envelope: try list.signed(by: lab.key).jsonData(), root: p256Root.key.publicKey)
        }
    }

    @Test("the root files are written private and reload; a second init refuses to overwrite")
    func rootFiles() throws {
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/root.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let reloaded = try CertificateAuthority(prefix: folder + "/root")
        #expect(reloaded.certificate == root.certificate)
        #expect(throws: (any Error).self) {
            try CertificateAuthority.initialize(name: "Again", prefix: folder + "/root", validDays: 1)
        }
    }

    @Test("step 1: duplicate keys, unknown members, tlog entries and another media type are refused")
    func strictParse() async throws {
        let good = String(decoding: try labA.bundle(labA.report()), as: UTF8.self)
        let forgedPayload = Data(#"{"decision":"conformant"}"#.utf8).base64EncodedString()
        let variants = [
            good.replacingOccurrences(
                of: #""dsseEnvelope":{"#, with: #""dsseEnvelope":{"payload":"\#(forgedPayload)","#),
            good.replacingOccurrences(of: #""mediaType":"#, with: #""m\u0065diaType":"x","mediaType":"#),
            good.replacingOccurrences(
                of: #""verificationMaterial":{"#, with: #""verificationMaterial":{"tlogEntries":[{}],"#),
            good.replacingOccurrences(
                of: #""verificationMaterial":{"#, with: #""verificationMaterial":{"publicKey":{},"#),
            good.replacingOccurrences(of: "bundle.v0.3+json", with: "bundle.v0.1+json"),
            good.replacingOccurrences(of: #"{"rawBytes":"#, with: #"{"extra":1,"rawBytes":"#),
            "\u{FEFF}" + good,
            good + "{}",
        ]
        for variant in variants {
            #expect(await failedStep(Data(variant.utf8)) == .strictParse, "\(variant.prefix(120))")
        }
    }

    @Test("step 2: a payload re-signed by another key under lab A's certificate fails the signature")
    func signature() async throws {
        #expect(await failedStep(try labA.bundle(labA.report(), signer: labB.key)) == .signature)
    }

    @Test("step 3: a lab from another root, an expired lab and a report claiming a future time fail the chain")
    func chain() async throws {
        let otherRoot = try CertificateAuthority.initialize(
            name: "Rogue Body", prefix: folder + "/rogue", validDays: 3650)
        let rogue = try Lab.issue(by: otherRoot, name: "Lab A")
        #expect(await failedStep(try rogue.bundle(rogue.report())) == .chain)
        // A self-issued lab certificate, with the rogue root appended to the chain: still no path to our root.
        #expect(
            await failedStep(try rogue.bundle(rogue.report(), chain: [rogue.certificate, otherRoot.certificate]))
                == .chain)
        let old = Date().addingTimeInterval(-400 * 86_400)
        let expired = try Lab.issue(by: root, name: "Lab Old", validDays: 30, now: old)
        #expect(await failedStep(try expired.bundle(expired.report())) == .chain, "signed after expiry")
        #expect(
            await failedStep(try expired.bundle(expired.report(finishedAt: old.addingTimeInterval(86_400)))) == nil,
            "signed while valid, verified after expiry: accepted")
        #expect(await failedStep(try labA.bundle(labA.report(finishedAt: Date().addingTimeInterval(3600)))) == .chain)
    }

    @Test("step 4: a key compromise rejects every report; superseded rejects only later ones")
    func revocation() async throws {
        let serial = CertificateFiles.serialHex(labA.certificate)
        let yesterday = Date().addingTimeInterval(-86_400)
        let anHourAgo = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 3600).rounded())
        let compromised = RevocationList(
            issuerKeyID: root.key.publicKey.keyID, issuedAt: Date(),
            entries: [
                RevocationEntry(serial: serial, subject: "Lab A", reason: .keyCompromise, revokedAt: Date())
            ])
        let early = try labA.bundle(labA.report(finishedAt: yesterday))
        #expect(await failedStep(early, revocations: compromised) == .revocation)
        let superseded = RevocationList(
            issuerKeyID: root.key.publicKey.keyID, issuedAt: anHourAgo,
            entries: [
                RevocationEntry(serial: serial, subject: "Lab A", reason: .superseded, revokedAt: anHourAgo)
            ])
        #expect(await failedStep(early, revocations: superseded) == nil)
        #expect(await failedStep(try labA.bundle(labA.report()), revocations: superseded) == .revocation)
        // The list round-trips through its signed form, and only the root's signature counts.
        let signed = try superseded.signed(by: root.key).jsonData()
        #expect(try RevocationList(envelope: signed, root: root.key.publicKey) == superseded)
        let forged = try superseded.signed(by: labA.key).jsonData()
        #expect(throws: AccreditationError.self) { try RevocationList(envelope: forged, root: root.key.publicKey) }
    }

    @Test("step 5: another device class or a family outside the scope is refused")
    func scope() async throws {
        #expect(
            await failedStep(try labB.bundle(labB.report(deviceClass: "smartphone", families: ["privacy"]))) == .scope)
        #expect(
            await failedStep(try labB.bundle(labB.report(deviceClass: "smart-home", families: ["privacy", "energy"])))
                == .scope)
        #expect(await failedStep(try labB.bundle(labB.report(deviceClass: "smart-home", families: ["privacy"]))) == nil)
    }

    @Test("step 6: lab C signing a report that names lab A is refused")
    func labFields() async throws {
        let labC = try Lab.issue(by: root, name: "Lab C")
        #expect(
            await failedStep(try labC.bundle(labC.report(labName: "Lab A", keyID: labA.key.publicKey.keyID)))
                == .labFields)
        #expect(await failedStep(try labC.bundle(labC.report(labName: "Lab A"))) == .labFields)
    }

    @Test("the scope extension round-trips and is non-critical")
    func scopeExtension() throws {
        let scope = try #require(try AccreditationScope(certificate: labB.certificate))
        #expect(scope == AccreditationScope(deviceClasses: ["smart-home"], families: ["privacy"]))
        #expect(labB.certificate.extensions[oid: AccreditationScope.oid]?.critical == false)
        #expect(try AccreditationScope(certificate: root.certificate) == nil)
    }
}
