import Conformance
import Foundation

/// The raw outcome of a certification run, before scoring.
public struct RunRecord: Sendable {
    /// The suite that was run.
    public let suite: Suite
    /// The run rules of the mode it ran under.
    public let mode: ModeRules
    /// The device as `--device` named it.
    public let device: DeviceSpec
    /// Whether the device was emulated (qemu): its figures certify nothing about real hardware.
    public let emulated: Bool
    /// The run's randomness (every seed derives from its secret).
    public var seeds: RunSeeds?
    /// The agent's hello (protocol, version, build); nil when the handshake never happened.
    public var agent: AgentHello?
    /// What the device said about itself; nil when it was never asked.
    public var deviceInfo: DeviceInfo?
    /// The device clock's offset from the harness clock, as measured at the start.
    public var clockAlignment: ClockAlignment?
    /// On-device energy counters the agent could read (names), empty if none.
    public var energySources: [String]
    /// Every workload's measurements, in suite order (only those that started).
    public var workloads: [WorkloadRecord]
    /// Measurements contributed by instruments (meters, captures).
    public var instrumentMeasurements: [Conformance.Measurement]
    /// What each instrument recorded.
    public var instruments: [InstrumentReport]
    /// Why the privacy figures are absent when no privacy audit contributed them.
    public var privacyNotRunReason = "the privacy audit did not run"
    /// Every loss of the device and what followed, in order.
    public var outages: [OutageRecord] = []
    /// Whether every planned step ran.
    public var complete: Bool
    /// Why the run is incomplete, as a sentence; nil when complete.
    public var incompleteReason: String?
    /// When the run started, on the harness clock.
    public let startedAt: Date
    /// When the run ended (or was abandoned), on the harness clock.
    public var finishedAt: Date

    init(suite: Suite, mode: ModeRules, device: DeviceSpec, emulated: Bool) {
        self.suite = suite
        self.mode = mode
        self.device = device
        self.emulated = emulated
        energySources = []
        workloads = []
        instrumentMeasurements = []
        instruments = []
        complete = false
        startedAt = Date()
        finishedAt = Date()
    }
}
