/// A source of power or energy readings that logs over a window.
///
/// Call ``identify()`` once, then ``start(label:)`` just before the measured run and ``stop()``
/// just after it. A meter holds one window at a time.
public protocol PowerMeter: Sendable {
    /// Asks the instrument who it is and returns the identity the report will carry.
    func identify() async throws(MeterError) -> MeterIdentity
    /// Opens a logging window; readings start being collected.
    func start(label: String) async throws(MeterError)
    /// Closes the window and returns what was recorded, dropouts included.
    func stop() async throws(MeterError) -> MeterLog
}
