import Attestation
import Conformance
import Foundation
import Harness
import Logging

/// A certification whose inputs all passed their checks: loaded suite, rules, standards and key,
/// one prepared driver and its instruments per device. Nothing has been measured yet.
public struct PreparedCertification: Sendable {
    /// The inputs.
    public let request: CertificationRequest
    let logger: Logger
    /// The loaded suite.
    public let suite: Suite
    /// The run rules file.
    public let rules: RunRules
    /// The rules of the requested mode.
    public let mode: ModeRules
    /// The rules for emulated devices (`<mode>-emulated`), when the rules file has them.
    public let emulatedMode: ModeRules?
    /// The loaded standards.
    public let standards: StandardsSet
    let key: SigningKey
    /// The lab name the reports carry.
    public let lab: String
    /// The lab certificate chain, when the reports are also written as Sigstore bundles.
    let credential: LabCredential?
    /// One prepared driver per device, in request order.
    let drivers: [any DeviceDriver]
    /// Each device's instruments, in request order.
    let instruments: [[any RunInstrument]]

    /// The signing key's id, as recorded in the reports.
    public var keyID: String { key.publicKey.keyID }

    /// Runs every device, scores and signs. `board` (optional) follows the run live for a
    /// progress display. Throws only when no report could be produced or written.
    public func run(board: CampaignBoard? = nil) throws(CertificationError) -> CertificationResult {
        // Each device's instruments may start its agent their own way (the privacy audit's sandbox).
        let driven = zip(self.drivers, self.instruments).map { driver, instruments in
            instruments.reduce(driver) { $1.drive($0) }
        }
        let drivers = Dictionary(uniqueKeysWithValues: zip(request.devices.map(\.description), driven))
        let instruments = Dictionary(uniqueKeysWithValues: zip(request.devices.map(\.description), self.instruments))
        var campaign = Campaign(
            suite: suite, mode: mode, devices: request.devices, configuration: request.configuration, logger: logger,
            makeDriver: { spec throws(AgentError) in
                guard let driver = drivers[spec.description] else {
                    throw AgentError(.unreachable, "device \(spec) was not prepared")
                }
                return driver
            },
            makeInstruments: { spec in instruments[spec.description] ?? [] })
        campaign.targets = ClauseTargets(suite: suite, standards: standards)
        campaign.emulatedMode = emulatedMode
        let outcomes: [CampaignOutcome]
        do { outcomes = try campaign.execute(board: board) } catch {
            // The files passed the set-up check in prepare(): they changed since.
            let when = error.code == .invalidWorkload ? "a workload file changed after the set-up checks passed: " : ""
            throw CertificationError(.runFailed, when + error.message)
        }
        var builder = ReportBuilder(
            standards: standards, runRules: rules, harness: HarnessIdentity.current(root: request.projectRoot),
            lab: LabSection(name: lab, keyId: keyID))
        // Paths in the report: relative to the output folder, the suite's folder or the checkout.
        builder.paths = ReportPaths(
            folders: [request.outDirectory, (suite.path as NSString).deletingLastPathComponent, request.projectRoot]
                .compactMap { $0 })
        let writer = ReportWriter(directory: request.outDirectory, credential: credential)
        var results: [DeviceCertification] = []
        for outcome in outcomes {
            let record = outcome.record
            let report: ConformanceReport
            do { report = try builder.build(record, identity: outcome.identity) } catch {
                throw CertificationError(
                    .runFailed, "could not score the run of \(outcome.spec): \(ErrorSentence.sentence(for: error))")
            }
            let written = try writer.write(report, key: key)
            results.append(
                DeviceCertification(
                    device: outcome.spec, report: report, reportPath: written.report, envelopePath: written.envelope,
                    bundlePath: written.bundle))
        }
        return CertificationResult(devices: results)
    }

    /// What the dry run says, per device: the rows that will be not applicable or inconclusive
    /// whatever the device does, and why.
    public func plan() -> [DevicePlan] {
        drivers.map { driver in
            let planner = DryRunPlanner(
                suite: suite, mode: driver.emulated ? (emulatedMode ?? mode) : mode, standards: standards,
                absences: request.plannedAbsences, emulated: driver.emulated, device: driver.spec)
            return DevicePlan(device: driver.spec, rows: planner.rows())
        }
    }
}
