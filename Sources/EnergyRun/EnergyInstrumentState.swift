import Harness
import Metering

/// What an ``EnergyInstrument`` has seen so far; guarded by the instrument's lock.
struct EnergyInstrumentState {
    var client: AgentClient?
    var identities: [String: MeterIdentity] = [:]
    /// Meters that cannot be used for the whole session, with the reason.
    var unusable: [String: String] = [:]
    var baselineWorkload: String?
    var baselines: [String: [String: PowerLevel]] = [:]
    var baselineNotes: [String] = []
    var probeBefore: [ClockSample]?
    /// Meters whose window is open: external names, and whether the device sampler runs.
    var open: [String] = []
    var scenarios: [ScenarioEnergy] = []
    var generations: [GenerationEnergy] = []
    var standby: [(meter: String, identity: MeterIdentity?, result: StandbyResult)] = []
    var standbySkipped: String?
    /// Per meter: why the standby figure's uncertainty is not the instrument's statement.
    var standbyUncertaintyMissing: [String: String] = [:]
    /// Per meter: windows, readings, dropouts and reconnects seen.
    var windows: [String: Int] = [:]
    var readings: [String: Int] = [:]
    var dropouts: [String: [String]] = [:]
    var reconnects: [String: Int] = [:]
    /// Meters in a ranging pass now, and what the passes did.
    var ranging: [String] = []
    var rangingNotes: [String] = []
    /// What each outage dropped (the interrupted workload's windows, measured again).
    var outageNotes: [String] = []
    /// Per meter: samples the instrument marked as errors and as missed.
    var markedErrors: [String: Int] = [:]
    var markedMissed: [String: Int] = [:]

    mutating func noteLog(_ log: MeterLog, meter: String) {
        windows[meter, default: 0] += 1
        readings[meter, default: 0] += log.samples.count
        reconnects[meter, default: 0] += log.reconnects
        dropouts[meter, default: []] += log.dropouts.map { "\(log.label): \($0.reason)" }
        markedErrors[meter, default: 0] += log.statement?.errorSamples ?? 0
        markedMissed[meter, default: 0] += log.statement?.missedSamples ?? 0
    }
}
