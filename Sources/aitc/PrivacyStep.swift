import Foundation
import Harness
import Logging

/// Runs the privacy audit after a device's timed run and merges its figures into the record, or
/// records why it did not run (the privacy clauses are then inconclusive with that reason).
struct PrivacyStep {
    let choice: Certify.PrivacyChoice
    let declaration: String?
    let devicesDirectory: String
    let backend: String
    let out: String
    let logger: Logger

    func apply(to record: inout RunRecord, suite: Suite) {
        guard choice == .auto else {
            record.privacyNotRunReason = "the privacy audit was turned off (--privacy off)"
            return
        }
        guard record.device == .local else {
            record.privacyNotRunReason =
                "the privacy audit isolates the local device only; for \(record.device), capture through the lab gateway (Docs/privacy.md)"
            return
        }
        guard record.complete else {
            record.privacyNotRunReason = "the run did not complete, so the privacy audit did not run"
            return
        }
        let loader = DeviceDeclarationLoader(directory: devicesDirectory)
        let name = declaration ?? "local"
        let declared: DeviceDeclaration
        do {
            declared = try loader.load(name)
            try loader.validate(declared, against: suite)
        } catch {
            record.privacyNotRunReason = "no usable device declaration for the privacy audit: \(error)"
            return
        }
        let agent: String
        do { agent = try AgentLocator.hostAgent() } catch {
            record.privacyNotRunReason = "the privacy audit could not find the agent: \(error.message)"
            return
        }
        logger.info("privacy audit: declaration \(declared.path)")
        let outcome = PrivacyAudit(
            suite: suite, declaration: declared, agentPath: agent,
            workdir: (out as NSString).appendingPathComponent("privacy-\(UUID().uuidString.prefix(8))"), logger: logger,
            backend: backend
        ).run()
        record.instrumentMeasurements += outcome.measurements
        record.instruments += outcome.reports
    }
}
