import Harness
import Metering

/// The energy of one `llm` workload's timed generations, per meter, with the clock offset used.
struct GenerationEnergy: Sendable {
    let workload: Workload
    let window: GenerationWindow
    /// Device minus harness host, from clock probes around the window; nil when probing failed.
    let offset: ClockOffset?
    /// Each meter's figure (or why there is none), in the order meters were given.
    let figures: [(meter: String, identity: MeterIdentity?, result: EnergyResult)]
    /// Idle baseline per meter, when one was measured for the workload.
    let baselines: [String: PowerLevel]
}
