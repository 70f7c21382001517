/// A meter whose ranges are fixed by a ranging pass before it measures (PTDaemon, as MLPerf power
/// and SPEC run it: automatic ranging gives no stated uncertainty and is not allowed while
/// measuring).
public protocol RangingMeter: PowerMeter {
    /// Starts a ranging pass under automatic ranging; the device should run the load measured next.
    func startRanging(label: String) throws(MeterError)
    /// Ends the pass, fixes the ranges at the largest voltage and current seen, waits for the
    /// analyzer to settle, and returns the ranges as the report names them.
    func finishRanging() throws(MeterError) -> String
}
