import Conformance
import Foundation

/// The raw outcome of a certification run, before scoring.
public struct RunRecord: Sendable {
    public let suite: Suite
    public let mode: ModeRules
    public let device: DeviceSpec
    public let emulated: Bool
    /// The run's randomness (every seed derives from its secret).
    public var seeds: RunSeeds?
    public var agent: AgentHello?
    public var deviceInfo: DeviceInfo?
    public var clockAlignment: ClockAlignment?
    /// On-device energy counters the agent could read (names), empty if none.
    public var energySources: [String]
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
    public var incompleteReason: String?
    public let startedAt: Date
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
