import Certification
import Foundation
import Harness
import Privacy
import Logging

/// Runs the privacy audit after a device's timed run and merges its figures into the record, or
/// records why it did not run (the privacy clauses are then inconclusive with that reason).
struct PrivacyStep: Sendable {
    let choice: Certify.PrivacyChoice
    let declaration: String?
    let devicesDirectory: String
    let backend: String
    let out: String
    let logger: Logger
    /// PRV-01's relative output tolerance: the mode's `audits.output_tolerance` (0, an exact
    /// comparison, when the mode runs no audits).
    let outputTolerance: Double
    /// How a remote device's link is observed (gateway interface or lab pcap); nil: not observed.
    var capture: PrivacyCaptureSource?
    /// The remote device's addresses on that link.
    var deviceAddresses: [String] = []

    /// Why the privacy figures of `device` will be absent whatever the device does, or nil.
    func plannedAbsence(on device: DeviceSpec) -> PlannedAbsence? {
        guard choice == .auto else {
            return PlannedAbsence(metrics: "privacy.", reason: "the privacy audit was turned off (--privacy off)", device: device)
        }
        guard device == .local || capture != nil else { return PlannedAbsence(metrics: "privacy.", reason: remoteReason(device), device: device) }
        return nil
    }

    private func remoteReason(_ device: DeviceSpec) -> String {
        "the privacy audit isolates the local device only; for \(device), observe its link through the lab gateway "
            + "(--privacy-interface IFACE or --privacy-pcap FILE, with --device-address IP; Docs/privacy.md)"
    }

    func apply(to record: inout RunRecord, suite: Suite) {
        guard choice == .auto else {
            record.privacyNotRunReason = "the privacy audit was turned off (--privacy off)"
            return
        }
        guard record.device == .local || capture != nil else {
            record.privacyNotRunReason = remoteReason(record.device)
            return
        }
        guard record.complete else {
            record.privacyNotRunReason = "the run did not complete, so the privacy audit did not run"
            return
        }
        if record.device != .local, let capture {
            applyRemote(to: &record, suite: suite, capture: capture)
            return
        }
        let loader = DeviceDeclarationLoader(directory: devicesDirectory)
        // The local machine declares itself once per device class it can be certified as.
        let perClass = (devicesDirectory as NSString).appendingPathComponent("local-\(suite.deviceClass).yaml")
        let name = declaration ?? (FileManager.default.fileExists(atPath: perClass) ? perClass : "local")
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
            outputTolerance: outputTolerance, backend: backend
        ).run()
        record.instrumentMeasurements += outcome.measurements
        record.instruments += outcome.reports
    }

    /// A remote device: its privacy session runs through its driver while its link is observed.
    private func applyRemote(to record: inout RunRecord, suite: Suite, capture: PrivacyCaptureSource) {
        guard let declaration else {
            record.privacyNotRunReason = "a remote device's privacy audit needs its device declaration (--declaration NAME|PATH)"
            return
        }
        let declared: DeviceDeclaration
        do {
            let loader = DeviceDeclarationLoader(directory: devicesDirectory)
            declared = try loader.load(declaration)
            try loader.validate(declared, against: suite)
        } catch {
            record.privacyNotRunReason = "no usable device declaration for the privacy audit: \(error)"
            return
        }
        let driver: any DeviceDriver
        do { driver = try DriverFactory.driver(for: record.device) } catch {
            record.privacyNotRunReason = "the privacy audit could not reach \(record.device): \(error)"
            return
        }
        logger.info("privacy audit: declaration \(declared.path), \(capture)")
        let outcome = RemotePrivacyAudit(
            suite: suite, declaration: declared, driver: driver, source: capture, deviceAddresses: Set(deviceAddresses),
            workdir: (out as NSString).appendingPathComponent("privacy-\(UUID().uuidString.prefix(8))"), logger: logger,
            backend: backend
        ).run()
        record.instrumentMeasurements += outcome.measurements
        record.instruments += outcome.reports
    }
}
