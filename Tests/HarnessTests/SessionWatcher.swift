import Conformance

@testable import Harness

/// An instrument that watches the timed session and does not say it can follow a new one (the
/// protocol's default): a run under it ends at an outage, incomplete, with the reason.
final class SessionWatcher: RunInstrument, @unchecked Sendable {
    let name = "session-watcher"

    func measurements() -> [Conformance.Measurement] { [] }

    func report() -> InstrumentReport { InstrumentReport(name: name, kind: "test") }
}
