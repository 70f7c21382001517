import Attestation
import Foundation
@_spi(FixedExpiryValidationTime) import X509

/// Steps 1–6 of the regulator's verification: strict parse, signature, chain at signing time,
/// revocation, scope and lab fields. Steps 7–8 (schema, re-derivation) are the Desk module's.
public struct BundleVerifier: Sendable {
    /// The accreditation root the regulator trusts.
    public let root: Certificate
    /// The root's revocation list, if the regulator has one.
    public let revocations: RevocationList?
    /// The verifier's clock: a report claiming to be signed more than 5 minutes after it is refused.
    public let now: Date
    /// Input caps.
    public let limits: VerificationLimits
    /// Chains validated earlier (``ChainCache``), or `nil` to run the full X.509 verifier on every bundle.
    package let chains: ChainCache?

    /// Creates a verifier.
    public init(
        root: Certificate, revocations: RevocationList?, now: Date = Date(), limits: VerificationLimits = .standard
    ) {
        self.init(root: root, revocations: revocations, now: now, limits: limits, chains: .shared)
    }

    /// Creates a verifier with its own chain cache, or none.
    package init(
        root: Certificate, revocations: RevocationList?, now: Date, limits: VerificationLimits, chains: ChainCache?
    ) {
        self.root = root
        self.revocations = revocations
        self.now = now
        self.limits = limits
        self.chains = chains
    }

    /// Runs steps 1–6 on a bundle's bytes.
    /// - Throws: ``StepFailure`` naming the first step that failed.
    public func verify(bundle bytes: Data) async throws(StepFailure) -> AccreditedReport {
        var steps: [StepOutcome] = []
        func pass(_ step: VerificationStep, _ message: String, _ status: StepOutcome.Status = .passed) {
            steps.append(StepOutcome(step: step, status: status, message: message))
        }
        func failure(_ step: VerificationStep, _ reason: String) -> StepFailure {
            StepFailure(step, reason, completed: steps)
        }

        // 1. Strict parse.
        let bundle: SigstoreBundle
        do {
            bundle = try SigstoreBundle(jsonData: bytes, limits: limits)
        } catch {
            throw failure(.strictParse, error.reason)
        }
        pass(.strictParse, "Sigstore bundle v0.3 with \(bundle.certificates.count) certificate(s)")

        // 2. Signature by the leaf key.
        let leaf = bundle.certificates[0]
        let leafKey: VerifyingKey
        let payload: Data
        do {
            leafKey = try CertificateFiles.verifyingKey(of: leaf)
            payload = try bundle.envelope.verifiedSigner(trusting: [leafKey]).payload
        } catch let error as AttestationError {
            throw failure(.signature, "\(error.reason) (lab certificate: \(CertificateFiles.commonName(of: leaf)))")
        } catch {
            throw failure(.signature, "\(error)")
        }
        pass(.signature, "signed by \(CertificateFiles.commonName(of: leaf)), key \(leafKey.keyID)")

        // The statement is read now because steps 3–6 need it; what is wrong with it is step 7's.
        // The signature was verified just above: it is not verified a second time.
        let report: VerifiedReport
        do {
            report = try ReportAttestor.verify(
                signedPayload: payload, payloadType: bundle.envelope.payloadType, signer: leafKey, limits: limits)
        } catch {
            throw failure(.schema, error.reason)
        }
        let predicate = report.predicate

        // 3. Chain at the signing time.
        guard let signedText = predicate["finished_at"]?.stringValue, let signingTime = Timestamp.parse(signedText)
        else {
            throw failure(
                .chain, "the report states no finished_at time, so the chain cannot be checked at its signing time")
        }
        guard signingTime <= now.addingTimeInterval(300) else {
            throw failure(
                .chain,
                "the report claims to be signed at \(signedText), in the future; a lab clock or a forger is wrong")
        }
        let chain: [Certificate]
        if let kept = chains?.chain(root: root, presented: bundle.certificates, at: signingTime) {
            chain = kept
        } else {
            var verifier = Verifier(rootCertificates: CertificateStore([root])) {
                RFC5280Policy(fixedExpiryValidationTime: signingTime)
            }
            let result = await verifier.validate(
                leaf: leaf, intermediates: CertificateStore(bundle.certificates.dropFirst()))
            switch result {
            case .validCertificate(let validated):
                chain = Array(validated)
                chains?.keep(chain, root: root, presented: bundle.certificates)
            case .couldNotValidate(let failures):
                let reasons = failures.map { String(describing: $0.policyFailureReason) }
                let window =
                    "the lab certificate is valid \(Timestamp.format(leaf.notValidBefore)) to \(Timestamp.format(leaf.notValidAfter))"
                throw failure(
                    .chain,
                    "the lab certificate does not chain to the trust root \(CertificateFiles.commonName(of: root)) at the signing time "
                        + "\(signedText) (\(window)); \(reasons.isEmpty ? "no path to the root" : reasons.joined(separator: "; "))"
                )
            }
        }
        pass(.chain, "\(chain.map(CertificateFiles.commonName(of:)).joined(separator: " → ")) valid at \(signedText)")

        // 4. Revocation.
        if let revocations {
            for certificate in chain.dropLast() {
                let serial = CertificateFiles.serialHex(certificate)
                if let entry = revocations.entry(serial: serial),
                    entry.reason.rejects(signedAt: signingTime, revokedAt: entry.revokedAt)
                {
                    throw failure(
                        .revocation,
                        "the certificate of \(CertificateFiles.commonName(of: certificate)) (serial \(serial)) was revoked "
                            + "(\(entry.reason.rawValue)) at \(Timestamp.format(entry.revokedAt)); "
                            + (entry.reason == .keyCompromise
                                ? "its key is compromised, so nothing it signed is trusted"
                                : "the report was signed at \(signedText), after that"))
                }
            }
            pass(
                .revocation,
                "not in the revocation list of \(Timestamp.format(revocations.issuedAt)) (\(revocations.entries.count) entries)"
            )
        } else {
            pass(.revocation, "no revocation list given (--revocations): revocation not checked", .skipped)
        }

        // 5. Scope.
        let scope: AccreditationScope
        do throws(AccreditationError) {
            guard let found = try AccreditationScope(certificate: leaf) else {
                throw AccreditationError(
                    "the lab certificate carries no accreditation scope extension (\(AccreditationScope.oid))")
            }
            scope = found
        } catch {
            throw failure(.scope, error.reason)
        }
        guard let deviceClass = predicate["suite"]?["device_class"]?.stringValue else {
            throw failure(.schema, "the report names no suite.device_class")
        }
        guard scope.deviceClasses.contains(deviceClass) else {
            throw failure(
                .scope,
                "the lab is accredited for \(scope.deviceClasses.joined(separator: ", ")), not for the device class \(deviceClass)"
            )
        }
        let families = Set((predicate["standards"]?.arrayValue ?? []).compactMap { $0["family"]?.stringValue })
        let outside = families.subtracting(scope.families).sorted()
        guard outside.isEmpty else {
            throw failure(
                .scope,
                "the report judges the famil\(outside.count == 1 ? "y" : "ies") \(outside.joined(separator: ", ")), outside the "
                    + "lab's accreditation (\(scope.families.joined(separator: ", ")))")
        }
        pass(.scope, "\(deviceClass); \(families.sorted().joined(separator: ", ")) within the lab's scope")

        // 6. Lab fields.
        let labName = CertificateFiles.commonName(of: leaf)
        let statedKey = predicate["lab"]?["key_id"]?.stringValue
        let statedName = predicate["lab"]?["name"]?.stringValue
        guard statedKey == leafKey.keyID else {
            throw failure(
                .labFields,
                "the report says lab key \(statedKey ?? "(none)") but was signed with \(leafKey.keyID) (\(labName)): "
                    + "one lab signed another lab's report")
        }
        guard statedName == labName else {
            throw failure(
                .labFields,
                "the report names the lab \"\(statedName ?? "(none)")\" but its certificate is \"\(labName)\"")
        }
        pass(.labFields, "lab \"\(labName)\", key \(leafKey.keyID)")
        return AccreditedReport(report: report, chain: chain, scope: scope, signingTime: signingTime, steps: steps)
    }
}
