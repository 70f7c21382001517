import Accreditation
import Attestation
import Foundation
import Testing
import X509

/// A chain kept from an earlier bundle is reused only for the same certificates, the same root and
/// a signing time well inside every validity; anything else meets the full X.509 verifier again.
@Suite("Chains kept between bundles")
struct ChainCacheTests {
    let folder: String
    let root: CertificateAuthority
    let issued: Date
    let lab: Lab

    init() throws {
        folder = try Lab.folder()
        root = try CertificateAuthority.initialize(
            name: "Test Accreditation Body", prefix: folder + "/root", validDays: 3650,
            now: Date().addingTimeInterval(-730 * 86_400))
        issued = Date().addingTimeInterval(-10 * 86_400)
        lab = try Lab.issue(by: root, name: "Lab Short", validDays: 20, now: issued)
    }

    func verify(
        _ bundle: Data, root: Certificate? = nil, cache: ChainCache
    ) async -> Result<AccreditedReport, StepFailure> {
        do {
            let verifier = BundleVerifier(
                root: root ?? self.root.certificate, revocations: nil, now: Date(), limits: .standard, chains: cache)
            return .success(try await verifier.verify(bundle: bundle))
        } catch {
            return .failure(error)
        }
    }

    @Test("kept after a pass, reused for the next report of the lab")
    func reused() async throws {
        let cache = ChainCache()
        let first = await verify(
            try lab.bundle(lab.report(finishedAt: Date().addingTimeInterval(-86_400))), cache: cache)
        #expect((try? first.get()) != nil)
        #expect(cache.count == 1)
        let kept = try #require(
            cache.chain(root: root.certificate, presented: [lab.certificate], at: Date().addingTimeInterval(-3_600)))
        let second = await verify(
            try lab.bundle(lab.report(finishedAt: Date().addingTimeInterval(-3_600))), cache: cache)
        #expect(try second.get().chain == kept)
        #expect(cache.count == 1)
    }

    @Test("a signing time outside the lab's validity after a pass: refused in the full verifier's words")
    func outsideValidity() async throws {
        let cache = ChainCache()
        #expect((try? await verify(try lab.bundle(lab.report(finishedAt: Date())), cache: cache).get()) != nil)
        let early = await verify(
            try lab.bundle(lab.report(finishedAt: issued.addingTimeInterval(-86_400))), cache: cache)
        guard case .failure(let failure) = early else {
            Issue.record("a report signed before the lab certificate was valid passed")
            return
        }
        #expect(failure.step == .chain)
        #expect(failure.reason.contains("not yet valid"), "\(failure.reason)")
        // Within a second of the boundary the cache is not consulted either.
        #expect(
            cache.chain(
                root: root.certificate, presented: [lab.certificate],
                at: lab.certificate.notValidBefore.addingTimeInterval(0.5))
                == nil)
    }

    @Test("the same names from a rogue root, and the kept lab against another root: both refused")
    func otherCertificatesOrRoot() async throws {
        let cache = ChainCache()
        #expect((try? await verify(try lab.bundle(lab.report()), cache: cache).get()) != nil)
        let rogueRoot = try CertificateAuthority.initialize(
            name: "Test Accreditation Body", prefix: folder + "/rogue", validDays: 3650,
            now: Date().addingTimeInterval(-730 * 86_400))
        let impostor = try Lab.issue(by: rogueRoot, name: "Lab Short", validDays: 20, now: issued)
        if case .success = await verify(try impostor.bundle(impostor.report()), cache: cache) {
            Issue.record("a lab certificate from a rogue root with the same names passed")
        }
        if case .success = await verify(try lab.bundle(lab.report()), root: rogueRoot.certificate, cache: cache) {
            Issue.record("a chain kept for one root was accepted under another")
        }
    }
}
