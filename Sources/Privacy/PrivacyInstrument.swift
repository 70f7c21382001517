import Conformance
import Foundation
import Harness
import Locking
import Logging

/// The privacy audit as a ``RunInstrument``: once a device's timed session is closed it runs the
/// audit — ``PrivacyAudit`` on the local device and on an emulated one (its cross-built agent under
/// qemu-user, in the same sandbox), ``RemotePrivacyAudit`` through the driver with the link
/// observed — with the configuration that was certified (backend, accelerator, threads), and
/// gives the six PRV measurements, or each without a value and with the reason it did not run.
/// List it after the energy instrument, so the audit's inference never falls in a meter's window.
///
/// On a local or emulated device it also starts the timed run's agent (``drive(_:)``) in the
/// privacy sandbox on an observed link of its own (``TimedRunObservation``); what the timed run
/// sends, writes or attempts is judged with the privacy sessions (``TimedRunRecord``).
public final class PrivacyInstrument: RunInstrument, @unchecked Sendable {
    /// `privacy-audit`: its name in logs and in the report.
    public let name = "privacy-audit"
    package let settings: PrivacySettings
    package let device: DeviceSpec
    package let suite: Suite
    package let configuration: RunConfiguration
    private let logger: Logger
    private let lock = Locked()
    private var outcome: PrivacyOutcome?
    private var observation: TimedRunObservation?
    private var subprocess: (any SubprocessDriver)?
    private var longCapture: Result<LongCapture, PrivacyError>?

    /// An instrument for `device`'s run of `suite` with `configuration`.
    public init(
        settings: PrivacySettings, device: DeviceSpec, suite: Suite, configuration: RunConfiguration, logger: Logger
    ) {
        self.settings = settings
        self.device = device
        self.suite = suite
        self.configuration = configuration
        self.logger = logger
    }

    /// It works only after the session (its own sessions, in `runFinished`), so nothing of the
    /// lost session is dropped and a run resumes under it.
    public func sessionResumed(client: AgentClient, rerunning workload: Workload) throws(HarnessError) {}

    /// A local or emulated device's agent starts in the privacy sandbox on an observed link.
    /// A remote device in gateway mode with `--privacy-capture`: the long capture starts here.
    public func drive(_ driver: any DeviceDriver) -> any DeviceDriver {
        if settings.absenceReason(on: device) == nil, !PrivacySettings.runsInTheSandbox(device),
            case .gateway(let interface) = settings.capture,
            let seconds = settings.captureSeconds
        {
            let started = Result { () throws(PrivacyError) in
                try LongCapture.start(interface: interface, seconds: seconds)
            }
            lock.withLock { longCapture = started }
            return driver
        }
        guard settings.absenceReason(on: device) == nil, PrivacySettings.runsInTheSandbox(device),
            let inner = driver as? any SubprocessDriver
        else {
            return driver
        }
        let writable = (try? declaration())?.writablePaths(scratch: AgentSandbox.scratchParent) ?? []
        let backend = configuration.backend.hasPrefix("/") ? [configuration.backend] : []
        // The workloads' own files, each alone (not their folders: nothing else there is shown).
        let observed = TimedRunObservation(
            workdir: "\(workdir)-timed",
            readOnly: AgentSandbox.workloadFiles(of: suite.workloads, samples: true)
                + inner.agentCommand.filter { $0.hasPrefix("/") } + backend,
            writable: writable.filter { $0.hasPrefix("/") && $0 != AgentSandbox.scratchParent }, logger: logger,
            environment: settings.agentEnvironment)
        lock.withLock {
            observation = observed
            subprocess = inner
        }
        return ObservedDriver(inner: inner, observation: observed)
    }

    /// Runs the audit once the timed session is closed (complete runs only; else every PRV clause is
    /// unmeasured with the reason) and joins the timed run's own observation to it.
    public func runFinished(complete: Bool) {
        let (observed, long) = lock.withLock { (observation, longCapture) }
        // The timed run's namespaces are judged and removed first, whatever happens next.
        let timed = observed.map { $0.finish(secrets: timedSecrets()) }
        var result: PrivacyOutcome
        if let reason = settings.absenceReason(on: device) {
            result = .unavailable(reason)
        } else if !complete {
            result = .unavailable("the run did not complete, so the privacy audit did not run")
        } else if !PrivacySettings.runsInTheSandbox(device), let capture = settings.capture {
            switch long {
            case .success(let running): result = remote(capture, longCapture: running)
            case .failure(let error):
                result = .unavailable("the long capture (--privacy-capture) could not start: \(error.message)")
            case nil: result = remote(capture, longCapture: nil)
            }
        } else {
            result = local()
            if let timed {
                result = timed.joined(to: result)
            } else {
                result = TimedRunRecord(failure: "the run's agent was not started by the privacy instrument").joined(
                    to: result)
            }
        }
        // A long capture the audit did not judge (the run failed, no declaration) stops here.
        if case .success(let running) = long { _ = running.sink.stop() }
        lock.withLock { outcome = result }
    }

    /// The six PRV measurements, or each without a value and with the reason the audit did not run.
    public func measurements() -> [Conformance.Measurement] { finished.measurements }

    /// The first of ``reports()``, or an entry that says the audit did not run.
    public func report() -> InstrumentReport {
        reports().first ?? InstrumentReport(name: name, kind: "privacy-audit", identity: [:], notes: [])
    }

    /// One report entry per observer of the audit (capture, storage scan, timed run).
    public func reports() -> [InstrumentReport] { finished.reports }

    /// Every place the audit found a canary or a piece of the timed run's samples.
    package func hits() -> [CanaryHit] { finished.hits }

    private var finished: PrivacyOutcome {
        lock.withLock { outcome ?? .unavailable("the run ended before the privacy audit could run") }
    }

    private var workdir: String {
        (settings.out as NSString).appendingPathComponent("privacy-\(UUID().uuidString.prefix(8))")
    }

    /// The local machine's declaration: `--declaration`, else `local-<device class>.yaml`, else `local`.
    private func declaration() throws -> DeviceDeclaration {
        let loader = DeviceDeclarationLoader(directory: settings.devicesDirectory)
        // The local machine declares itself once per device class it can be certified as.
        let perClass = (settings.devicesDirectory as NSString).appendingPathComponent("local-\(suite.deviceClass).yaml")
        let name = settings.declaration ?? (FileManager.default.fileExists(atPath: perClass) ? perClass : "local")
        let declared = try loader.load(name)
        try loader.validate(declared, against: suite)
        return declared
    }

    /// Pieces of the timed run's own samples (the declared on-device workloads' inputs): the
    /// samples themselves are the secret there.
    private func timedSecrets() -> [Canary] {
        guard let declared = try? declaration() else { return [] }
        let key = CanaryKey.fresh()
        return suite.workloads.filter { declared.onDeviceWorkloads.contains($0.id) }.flatMap { workload in
            workload.inputs.sorted { $0.key < $1.key }.flatMap { name, file in
                (try? CanaryEmbedder().secrets(of: file.path, label: "\(workload.id)/\(name) (timed run)", key: key))?
                    .canaries ?? []
            }
        }
    }

    private func local() -> PrivacyOutcome {
        let declared: DeviceDeclaration
        do { declared = try declaration() } catch {
            return .unavailable("no usable device declaration for the privacy audit: \(error)")
        }
        // The agent the run used: this machine's, or the cross-built one under its emulator.
        var inner = lock.withLock { subprocess }
        if inner == nil {
            do { inner = try DriverFactory.driver(for: device) as? any SubprocessDriver } catch {
                return .unavailable("the privacy audit could not find the agent: \(error.message)")
            }
        }
        let launcher: (emulator: String?, agent: String)
        if let qemu = inner as? QemuDriver {
            launcher = (qemu.emulatorPath, qemu.agentPath)
        } else if let local = inner as? LocalDriver {
            launcher = (nil, local.agentPath)
        } else {
            return .unavailable("the privacy audit could not find the agent of \(device)")
        }
        logger.info(
            "privacy audit: declaration \(declared.path), \(configuration.backend) on \(configuration.accelerator), \(configuration.threads) threads"
        )
        var audit = PrivacyAudit(
            suite: suite, declaration: declared, agentPath: launcher.agent, workdir: workdir, logger: logger,
            outputTolerance: settings.outputTolerance, configuration: configuration,
            agentEnvironment: settings.agentEnvironment)
        audit.emulator = launcher.emulator
        return audit.run()
    }

    /// A remote device: its privacy session runs through its driver while its link is observed.
    private func remote(_ capture: PrivacyCaptureSource, longCapture: LongCapture?) -> PrivacyOutcome {
        guard let declaration = settings.declaration else {
            return .unavailable(
                "a remote device's privacy audit needs its device declaration (--declaration NAME|PATH)")
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
        var audit = RemotePrivacyAudit(
            suite: suite, declaration: declared, driver: driver, source: capture,
            deviceAddresses: Set(settings.deviceAddresses),
            workdir: workdir, logger: logger, configuration: configuration)
        audit.longCapture = longCapture
        return audit.run()
    }
}
