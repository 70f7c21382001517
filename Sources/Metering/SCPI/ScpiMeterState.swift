/// The SCPI driver's mutable state.
struct ScpiMeterState: Sendable {
    var identity: MeterIdentity?
    var poller: ScpiPoller?
    var label = ""
    var startNs: Int64 = 0
}
