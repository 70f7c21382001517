import Metering

/// One meter's outcome for one window (scenario, idle baseline or standby): its log, or why there is none.
struct MeterReading: Sendable {
    /// The meter's name as given (`scpi://…`, `device:NAME`).
    let meter: String
    /// Whether readings are stamped on the device clock (on-device sources) or the harness host's.
    let onDevice: Bool
    /// The log, or the failure that left the window without one.
    let log: Result<MeterLog, MeterError>
}
