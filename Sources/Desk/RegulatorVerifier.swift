import Accreditation
import Attestation
import Foundation

/// The regulator's eight-step verification of a Sigstore bundle (Reports/ACCREDITATION.md):
/// steps 1–6 by ``BundleVerifier``, then the report schema and the re-derivation.
public struct RegulatorVerifier: Sendable {
    /// Steps 1–6.
    public let bundles: BundleVerifier
    /// Step 8.
    public let rederivation: Rederivation

    /// Creates a verifier.
    public init(bundles: BundleVerifier, rederivation: Rederivation) {
        self.bundles = bundles
        self.rederivation = rederivation
    }

    /// Runs every step on a bundle's bytes; never throws: the outcome names the failed step.
    public func verify(bundle bytes: Data) async -> RegulatorOutcome {
        let accredited: AccreditedReport
        do {
            accredited = try await bundles.verify(bundle: bytes)
        } catch {
            return RegulatorOutcome(steps: error.completed, failure: error, report: nil)
        }
        var steps = accredited.steps
        let predicate = accredited.report.predicate
        let version: String
        do throws(DeskError) {
            guard let named = ReportSchema.version(of: predicate) else {
                throw DeskError(
                    "the report's schema member is \(predicate["schema"]?.canonicalString() ?? "absent"), not an aitc report "
                        + "schema id such as \(ReportSchema.identifier(version: ReportSchema.currentVersion))")
            }
            version = named
            let violations = try ReportSchema.schema(version: version).violations(of: predicate)
            guard violations.isEmpty else {
                throw DeskError(
                    "the report does not follow report schema \(version) (Reports/schemas/conformance-report-\(version).json): "
                        + violations.prefix(5).joined(separator: "; "))
            }
        } catch {
            return RegulatorOutcome(steps: steps, failure: StepFailure(.schema, error.reason), report: nil)
        }
        steps.append(
            StepOutcome(
                step: .schema, status: .passed, message: "\(ReportAttestor.predicateType), report schema \(version)"))
        do throws(DeskError) {
            let message = try rederivation.check(predicate)
            steps.append(StepOutcome(step: .rederivation, status: .passed, message: message))
        } catch {
            return RegulatorOutcome(steps: steps, failure: StepFailure(.rederivation, error.reason), report: nil)
        }
        return RegulatorOutcome(steps: steps, failure: nil, report: accredited)
    }
}
