import Conformance

/// Something that watches a run from outside the timing path — an energy meter, a network
/// capture, a storage scan — and contributes measurements and report evidence.
///
/// The run calls the hooks in order: `sessionStarted`, then per workload `qualityPassWillStart` and
/// `qualityPassDidFinish` around its quality pass, per scenario `scenarioWillStart` and
/// `scenarioDidFinish`, then `sessionEnded` (also after a failure, with `complete == false`), and
/// once the session is closed `runFinished`. After an outage the run calls `sessionResumed` on the
/// new session and repeats the interrupted workload's hooks from its start.
/// Hooks must not block the device for long: they run between the timed requests.
public protocol RunInstrument: AnyObject, Sendable {
    /// A short name for logs and the report (`ptd://lab-meter:8888`, `netns-capture`).
    var name: String { get }

    /// After the handshake, before any workload.
    func sessionStarted(client: AgentClient, device: DeviceInfo?) throws(HarnessError)

    /// The shortest measured window this instrument can use (an energy meter reading once a
    /// second needs its minimum sample count of seconds); the run lengthens its scenarios to it.
    /// Read after `sessionStarted`.
    var minimumWindowSeconds: Double { get }

    /// Right before a workload's untimed quality pass (every sample once, under load): an energy
    /// meter's ranging pass runs here, as MLPerf power runs one before it measures.
    func qualityPassWillStart(workload: Workload)

    /// After the quality pass.
    func qualityPassDidFinish(workload: Workload)

    /// Right before a scenario's first request to the device.
    func scenarioWillStart(workload: Workload, scenario: Scenario)

    /// After a scenario, with the device-clock window it ran in.
    func scenarioDidFinish(workload: Workload, result: ScenarioResult)

    /// At the end of the session; `client` is nil when the device is gone.
    func sessionEnded(client: AgentClient?, complete: Bool)

    /// After the timed session is closed (bye, or abandoned when `complete` is false): an
    /// instrument that needs the device to itself — the privacy audit runs its own sessions —
    /// runs here, after every instrument's `sessionEnded`.
    func runFinished(complete: Bool)

    /// The measurements this instrument produced. They replace the harness's "not measured"
    /// placeholders of the same metric and workload.
    func measurements() -> [Conformance.Measurement]

    /// What the report records about this instrument.
    func report() -> InstrumentReport

    /// After an outage: the run reached the same device again on `client` and re-runs `workload`
    /// from its start. The instrument drops what it saw of the interrupted attempt (so no figure
    /// mixes two sessions) and follows the new session. It throws, with a sentence, when it cannot
    /// follow one (the run then ends incomplete with that reason, never with a pass). The default
    /// throws: an instrument must say that it can follow a new session.
    func sessionResumed(client: AgentClient, rerunning workload: Workload) throws(HarnessError)

    /// Every report entry of this instrument (by default the one ``report()`` gives); an instrument
    /// with several observers (the privacy audit's capture and storage scan) lists each.
    func reports() -> [InstrumentReport]

    /// The driver the run reaches the device through: `driver` itself by default; an instrument
    /// that observes the whole run (the privacy audit's sandbox and link) starts the agent its own
    /// way. Called once per run, before the first connection.
    func drive(_ driver: any DeviceDriver) -> any DeviceDriver
}

extension RunInstrument {
    /// Does nothing: an instrument that needs the session overrides it.
    public func sessionStarted(client: AgentClient, device: DeviceInfo?) throws(HarnessError) {}
    /// No minimum: the run's own scenario lengths stand.
    public var minimumWindowSeconds: Double { 0 }
    /// Does nothing.
    public func qualityPassWillStart(workload: Workload) {}
    /// Does nothing.
    public func qualityPassDidFinish(workload: Workload) {}
    /// Does nothing.
    public func scenarioWillStart(workload: Workload, scenario: Scenario) {}
    /// Does nothing.
    public func scenarioDidFinish(workload: Workload, result: ScenarioResult) {}
    /// Does nothing.
    public func sessionEnded(client: AgentClient?, complete: Bool) {}
    /// Does nothing.
    public func runFinished(complete: Bool) {}
    /// Throws: an instrument that watched the lost session cannot follow a new one unless it says so.
    public func sessionResumed(client: AgentClient, rerunning workload: Workload) throws(HarnessError) {
        throw HarnessError(.deviceLost, "the instrument \(name) watched the lost session and cannot follow a new one")
    }
    /// The one entry ``report()`` gives.
    public func reports() -> [InstrumentReport] { [report()] }
    /// The driver as given: most instruments do not start the agent.
    public func drive(_ driver: any DeviceDriver) -> any DeviceDriver { driver }
}
