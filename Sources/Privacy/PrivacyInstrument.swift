import Conformance
import Foundation
import Harness
import Logging

/// The privacy audit as a ``RunInstrument``: once a device's timed session is closed it runs the
/// audit — ``PrivacyAudit`` on the local device and on an emulated one (its cross-built agent under
/// qemu-user, in the same sandbox), ``RemotePrivacyAudit`` through the driver with the link observed — with the configuration that was certified (backend, accelerator, threads), and
/// gives the six PRV measurements, or each without a value and with the reason it did not run.
/// List it after the energy instrument, so the audit's inference never falls in a meter's window.
public final class PrivacyInstrument: RunInstrument, @unchecked Sendable {
    public let name = "privacy-audit"
    public let settings: PrivacySettings
    public let device: DeviceSpec
    public let suite: Suite
    public let configuration: RunConfiguration
    private let logger: Logger
    private let lock = NSLock()
    private var outcome: PrivacyOutcome?

    /// An instrument for `device`'s run of `suite` with `configuration`.
    public init(settings: PrivacySettings, device: DeviceSpec, suite: Suite, configuration: RunConfiguration, logger: Logger) {
        self.settings = settings
        self.device = device
        self.suite = suite
        self.configuration = configuration
        self.logger = logger
    }

    /// It works only after the session (its own sessions, in `runFinished`), so nothing of the
    /// lost session is dropped and a run resumes under it.
    public func sessionResumed(client: AgentClient, rerunning workload: Workload) throws(HarnessError) {}

    public func runFinished(complete: Bool) {
        let result: PrivacyOutcome
        if let reason = settings.absenceReason(on: device) {
            result = .unavailable(reason)
        } else if !complete {
            result = .unavailable("the run did not complete, so the privacy audit did not run")
        } else if !PrivacySettings.runsInTheSandbox(device), let capture = settings.capture {
            result = remote(capture)
        } else {
            result = local()
        }
        lock.lock()
        outcome = result
        lock.unlock()
    }

    public func measurements() -> [Conformance.Measurement] { finished.measurements }

    public func report() -> InstrumentReport {
        reports().first ?? InstrumentReport(name: name, kind: "privacy-audit", identity: [:], notes: [])
    }

    public func reports() -> [InstrumentReport] { finished.reports }

    private var finished: PrivacyOutcome {
        lock.lock()
        defer { lock.unlock() }
        return outcome ?? .unavailable("the run ended before the privacy audit could run")
    }

    private var workdir: String { (settings.out as NSString).appendingPathComponent("privacy-\(UUID().uuidString.prefix(8))") }

    private func local() -> PrivacyOutcome {
        let loader = DeviceDeclarationLoader(directory: settings.devicesDirectory)
        // The local machine declares itself once per device class it can be certified as.
        let perClass = (settings.devicesDirectory as NSString).appendingPathComponent("local-\(suite.deviceClass).yaml")
        let name = settings.declaration ?? (FileManager.default.fileExists(atPath: perClass) ? perClass : "local")
        let declared: DeviceDeclaration
        do {
            declared = try loader.load(name)
            try loader.validate(declared, against: suite)
        } catch {
            return .unavailable("no usable device declaration for the privacy audit: \(error)")
        }
        // The agent that was certified: the host build, or for an emulated device its cross-built
        // agent under qemu-user (the same build and emulator the run used).
        let agent: String
        var emulator: String?
        do throws(AgentError) {
            if case .qemu = device, let qemu = try DriverFactory.driver(for: device) as? QemuDriver {
                agent = qemu.agentPath
                emulator = qemu.emulatorPath
            } else {
                agent = try AgentLocator.hostAgent()
            }
        } catch {
            return .unavailable("the privacy audit could not find the agent: \(error.message)")
        }
        logger.info("privacy audit: declaration \(declared.path), \(configuration.backend) on \(configuration.accelerator), \(configuration.threads) threads\(emulator.map { ", under \($0)" } ?? "")")
        var audit = PrivacyAudit(
            suite: suite, declaration: declared, agentPath: agent, workdir: workdir, logger: logger,
            outputTolerance: settings.outputTolerance, configuration: configuration)
        audit.emulator = emulator
        return audit.run()
    }

    /// A remote device: its privacy session runs through its driver while its link is observed.
    private func remote(_ capture: PrivacyCaptureSource) -> PrivacyOutcome {
        guard let declaration = settings.declaration else {
            return .unavailable("a remote device's privacy audit needs its device declaration (--declaration NAME|PATH)")
        }
        let declared: DeviceDeclaration
        do {
            let loader = DeviceDeclarationLoader(directory: settings.devicesDirectory)
            declared = try loader.load(declaration)
            try loader.validate(declared, against: suite)
        } catch {
            return .unavailable("no usable device declaration for the privacy audit: \(error)")
        }
        let driver: any DeviceDriver
        do { driver = try DriverFactory.driver(for: device) } catch {
            return .unavailable("the privacy audit could not reach \(device): \(error)")
        }
        logger.info("privacy audit: declaration \(declared.path), \(capture)")
        return RemotePrivacyAudit(
            suite: suite, declaration: declared, driver: driver, source: capture, deviceAddresses: Set(settings.deviceAddresses),
            workdir: workdir, logger: logger, configuration: configuration
        ).run()
    }
}
