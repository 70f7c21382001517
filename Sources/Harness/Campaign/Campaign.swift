import Foundation
import Logging

/// Runs one suite on several devices at once: one ``CertificationRun`` per device on its own
/// thread, one record per device. A device that cannot be prepared, fails or vanishes ends with an
/// incomplete record; the others carry on.
public struct Campaign: Sendable {
    /// The suite every device runs.
    public let suite: Suite
    /// The run rules of the mode (an emulated device may get ``emulatedMode``).
    public let mode: ModeRules
    /// The devices, each run on its own thread.
    public let devices: [DeviceSpec]
    /// Backend, accelerator and threads of every device's run.
    public let configuration: RunConfiguration
    /// The backend of every run (`reference` or a library path).
    public var backend: String { configuration.backend }
    /// The accelerator every run asks for.
    public var accelerator: String { configuration.accelerator }
    /// CPU threads the backend is given.
    public var threads: Int { configuration.threads }
    /// Where every device's run logs.
    public let logger: Logger
    /// Makes the driver for a device (``DriverFactory`` by default; tests inject their own).
    let makeDriver: @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver
    /// The instruments that watch one device's run (each device gets its own).
    let makeInstruments: @Sendable (DeviceSpec) -> [any RunInstrument]
    /// Bounds and sustained coverage from the standards, given to every device's run.
    public var targets = ClauseTargets()
    /// Run rules for emulated devices (`<mode>-emulated`): their timing is not applicable, so the
    /// timed scenarios only exercise the path. Nil: emulated devices use `mode`.
    public var emulatedMode: ModeRules? = nil

    /// A campaign of `suite` under `mode` on `devices` with the given backend configuration.
    public init(
        suite: Suite, mode: ModeRules, devices: [DeviceSpec], backend: String = "reference",
        accelerator: String = "cpu",
        threads: Int = 1, logger: Logger,
        makeDriver: @escaping @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver = {
            spec throws(AgentError) in
            try DriverFactory.driver(for: spec)
        },
        makeInstruments: @escaping @Sendable (DeviceSpec) -> [any RunInstrument] = { _ in [] }
    ) {
        self.init(
            suite: suite, mode: mode, devices: devices,
            configuration: RunConfiguration(backend: backend, accelerator: accelerator, threads: threads),
            logger: logger,
            makeDriver: makeDriver, makeInstruments: makeInstruments)
    }

    /// A campaign of `suite` under `mode` on `devices`, every device run with `configuration`.
    public init(
        suite: Suite, mode: ModeRules, devices: [DeviceSpec], configuration: RunConfiguration, logger: Logger,
        makeDriver: @escaping @Sendable (DeviceSpec) throws(AgentError) -> any DeviceDriver = {
            spec throws(AgentError) in
            try DriverFactory.driver(for: spec)
        },
        makeInstruments: @escaping @Sendable (DeviceSpec) -> [any RunInstrument] = { _ in [] }
    ) {
        self.suite = suite
        self.mode = mode
        self.devices = devices
        self.configuration = configuration
        self.logger = logger
        self.makeDriver = makeDriver
        self.makeInstruments = makeInstruments
    }

    /// Runs every device and returns their outcomes in the order of `devices`. Throws only when
    /// the suite's files are bad (checked once, before any device is touched). `board` (optional)
    /// is updated live for a progress display.
    public func execute(board: CampaignBoard? = nil) throws(HarnessError) -> [CampaignOutcome] {
        try AssetPreflight.check(suite)
        let sharing = HostSharing(devices: devices, threads: configuration.threads)
        if sharing.anyShared && mode.hostSharing == .refuse {
            let note = sharing.placements.lazy.compactMap(HostSharing.note).first ?? ""
            throw HarnessError(
                .invalidInput,
                "mode \(mode.name) does not time devices that share the harness's CPUs concurrently (\(note)); "
                    + "run them in separate campaigns")
        }
        let results = OutcomeSlots(count: devices.count)
        let group = DispatchGroup()
        for (index, spec) in devices.enumerated() {
            group.enter()
            let placement = sharing.placements[index]
            let thread = Thread {
                // The agent a local or qemu driver starts inherits this thread's CPUs.
                if case .pinned(let cpus) = placement, !HostSharing.pinCallingThread(to: cpus) {
                    self.logger.warning("could not pin \(spec) to CPUs \(cpus)")
                }
                var outcome = self.runDevice(spec, index: index, board: board)
                outcome.identity?.hostSharing = HostSharing.note(placement)
                results.set(index, outcome)
                group.leave()
            }
            thread.name = "aitc campaign \(spec)"
            thread.start()
        }
        group.wait()
        return results.all()
    }

    private func runDevice(_ spec: DeviceSpec, index: Int, board: CampaignBoard?) -> CampaignOutcome {
        var deviceLogger = logger
        deviceLogger[metadataKey: "device"] = "\(spec)"
        let driver: any DeviceDriver
        do {
            driver = try makeDriver(spec)
        } catch {
            deviceLogger.error("cannot prepare the device: \(error.message)")
            board?.update(index) {
                $0.state = .incomplete
                $0.note = error.message
            }
            var record = RunRecord(suite: suite, mode: mode, device: spec, emulated: false)
            record.incompleteReason = "could not prepare the device: \(error.message)"
            return CampaignOutcome(spec: spec, identity: nil, record: record)
        }
        board?.update(index) { $0.state = .running }
        var run = CertificationRun(
            suite: suite, mode: driver.emulated ? (emulatedMode ?? mode) : mode, driver: driver,
            configuration: configuration,
            instruments: makeInstruments(spec), logger: deviceLogger,
            progress: { step in board?.update(index) { $0.progress = step } })
        run.targets = targets
        let record: RunRecord
        do {
            record = try run.execute()
        } catch {
            var failed = RunRecord(suite: suite, mode: mode, device: spec, emulated: driver.emulated)
            failed.incompleteReason = error.message
            record = failed
        }
        board?.update(index) {
            $0.state = record.complete ? .complete : .incomplete
            $0.note = record.incompleteReason
        }
        return CampaignOutcome(spec: spec, identity: driver.identity(), record: record)
    }
}
