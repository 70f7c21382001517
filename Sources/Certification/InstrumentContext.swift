import Harness
import Logging

/// What an instrument factory knows when it builds one device's instruments: the device, the
/// suite, the mode's run rules, the run configuration and the logger.
public struct InstrumentContext: Sendable {
    /// The device the instruments will watch.
    public let device: DeviceSpec
    /// The suite being run.
    public let suite: Suite
    /// The run rules of the mode (the energy section, for instance).
    public let mode: ModeRules
    /// The backend, accelerator and threads the device runs with.
    public let configuration: RunConfiguration
    /// The device's logger.
    public let logger: Logger
}

/// Builds the instruments that watch one device's run (energy meters, the privacy audit, ...).
/// Called once per device while the certification is prepared, before anything runs: a thrown
/// error is a set-up error.
public typealias InstrumentFactory = @Sendable (InstrumentContext) throws -> [any RunInstrument]
