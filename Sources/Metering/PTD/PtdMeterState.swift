/// The PTDaemon driver's mutable state.
struct PtdMeterState: Sendable {
    var identity: MeterIdentity?
    var daemon: PtdIdentity?
    var clock: PtdClockOffset?
    var session: PtdSession?
    /// Ranges fixed by the lab or by the last ranging pass.
    var ranges: (volts: String, amps: String)?
}
