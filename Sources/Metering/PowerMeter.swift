/// A source of power or energy readings that logs over a window.
///
/// Call ``identify()`` once, then ``start(label:)`` just before the measured run and ``stop()``
/// just after it. A meter holds one window at a time. Every call blocks the calling thread for
/// at most the meter's timeouts (the run's hooks are synchronous; readings are taken on threads
/// of the driver's own), so the energy path has one concurrency model: threads and locks.
public protocol PowerMeter: Sendable {
    /// Asks the instrument who it is and returns the identity the report will carry.
    func identify() throws(MeterError) -> MeterIdentity
    /// Opens a logging window; readings start being collected.
    func start(label: String) throws(MeterError)
    /// Closes the window and returns what was recorded, dropouts included.
    func stop() throws(MeterError) -> MeterLog
}
