import Foundation
import Harness
import Locking
import Logging
import Metering

#if canImport(Glibc)
import Glibc
#endif

/// The timed run of a local or emulated device inside the same kind of sandbox and observed link
/// as the privacy sessions (``AgentSandbox`` in a ``NetworkIsolation`` device namespace whose
/// only link leads to a capturing ``SinkServer``), so a backend cannot behave one way when audited
/// and another when timed: every frame of the timed run, every attempt to leave the sandbox and
/// every file it writes are judged with the privacy session's (``TimedRunRecord``).
///
/// Started on the run's first connection (``transport(for:)``), finished after the run
/// (``finish(secrets:)``). When it cannot start (not root, no `ip`), the run goes on unobserved and
/// ``finish(secrets:)`` says why, so the clauses it feeds are left without a value.
package final class TimedRunObservation: @unchecked Sendable {
    /// Where the sandbox and the evidence go.
    package let workdir: String
    /// Host paths the agent reads (workload files, the backend, the agent, the emulator).
    package let readOnly: [String]
    /// Declared storage and log folders (sandbox paths) created for the agent.
    package let writable: [String]
    /// Extra environment for the agent (tests: the fixtures' sink).
    package let environment: @Sendable (PrivacyEndpoints) -> [String: String]
    private let logger: Logger
    private let state = Locked(State.idle)

    private enum State {
        case idle
        case running(NetworkIsolation, SinkServer, AgentSandbox, PrivacyEndpoints)
        case failed(String)
        case finished
    }

    /// Creates the observation; nothing is set up until the first connection.
    package init(
        workdir: String, readOnly: [String], writable: [String], logger: Logger,
        environment: @escaping @Sendable (PrivacyEndpoints) -> [String: String] = { _ in [:] }
    ) {
        self.workdir = workdir
        self.readOnly = readOnly
        self.writable = writable
        self.logger = logger
        self.environment = environment
    }

    /// Starts `command` (the agent) in the sandbox inside the observed device namespace; nil when
    /// the observation could not start (the caller connects the ordinary way; the reason is kept).
    package func transport(for command: [String]) throws(AgentError) -> ProcessTransport? {
        let current = state.withLock { value in
            if case .idle = value { value = start() }
            return value
        }
        guard case .running(let isolation, _, let sandbox, let endpoints) = current else { return nil }
        let agent = command.contains("--scratch") ? command : command + ["--scratch", AgentSandbox.scratchParent]
        let launch = isolation.deviceCommand(sandbox.command(agent))
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment(endpoints)) { $1 }
        return try ProcessTransport(executable: launch.executable, arguments: launch.arguments, environment: variables)
    }

    private func start() -> State {
        let isolation: NetworkIsolation
        do { isolation = try NetworkIsolation.create() } catch {
            return .failed("network isolation unavailable: \(error.message)")
        }
        let sandbox: AgentSandbox
        do throws(PrivacyError) {
            // The run's work folder (novel inputs the audits write under this machine's TMPDIR, which
            // the sandbox hides) exists before the first connection: bound read-only like the workloads.
            sandbox = try AgentSandbox.prepare(
                folder: "\(workdir)/timed-sandbox", readOnly: readOnly + Self.runWorkFolders() + ["/etc/resolv.conf"],
                writable: writable)
        } catch {
            isolation.teardown()
            return .failed("the agent's sandbox is unavailable: \(error.message)")
        }
        var limits = SinkServer.Limits()
        limits.maxSeconds = Self.longestRunSeconds
        let sink = SinkServer(
            namespace: isolation.sinkNamespace, interface: isolation.sinkInterface, address: isolation.sinkAddress,
            limits: limits)
        do throws(PrivacyError) { try sink.start() } catch {
            isolation.teardown()
            return .failed("the capture could not start: \(error.message)")
        }
        logger.info("timed run observed: device namespace \(isolation.deviceNamespace), sandbox \(sandbox.folder)")
        return .running(
            isolation, sink, sandbox,
            PrivacyEndpoints(
                deviceAddress: isolation.deviceAddress, sinkAddress: isolation.sinkAddress, sinkPort: 9,
                scratchParent: AgentSandbox.scratchParent))
    }

    /// The harness's run work folders (`$TMPDIR/aitc-run-*`, where the audits write the timed run's
    /// novel inputs), which the sandbox's own `/tmp` would otherwise hide from the agent.
    static func runWorkFolders() -> [String] {
        let temporary = NSTemporaryDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        return names.filter { $0.hasPrefix("aitc-run-") }.map { (temporary as NSString).appendingPathComponent($0) }
    }

    /// The capture stops by itself after this long (a certification run is shorter).
    static let longestRunSeconds: Double = 12 * 3600

    /// Stops the observation once every session of the run has ended and judges it: the device's
    /// frames and conversations, `secrets` (the timed run's own samples) in its frames and in every
    /// file it wrote, and its attempts to leave the sandbox. Tears the namespaces down.
    package func finish(secrets: [Canary]) -> TimedRunRecord {
        let current = state.withLock { value in
            defer { value = .finished }
            return value
        }
        switch current {
        case .idle: return TimedRunRecord(failure: "the run never started an agent")
        case .failed(let reason): return TimedRunRecord(failure: reason)
        case .finished: return TimedRunRecord(failure: "the timed run's observation was already judged")
        case .running(let isolation, let sink, let sandbox, _):
            defer { isolation.teardown() }
            let killed = isolation.awaitDeviceExit()
            usleep(200_000)
            let record = sink.stop()
            var notes = record.notes
            if killed > 0 {
                notes.append(
                    "\(killed) processes still ran in the device namespace after the timed run and were killed")
            }
            if record.droppedFrames > 0 {
                notes.append(
                    "\(record.droppedFrames) frames over the capture bounds were counted by the kernel but not kept")
            }
            let evidence = "\(workdir)/evidence"
            try? FileManager.default.createDirectory(atPath: evidence, withIntermediateDirectories: true)
            let pcapPath = "\(evidence)/timed-run-capture.pcap"
            var pcap: AssetFile?
            do throws(PrivacyError) {
                try PcapWriter(snapLength: 262_144).write(record.frames, to: pcapPath)
                pcap = FileDigest.sha256(file: pcapPath).map { AssetFile(path: pcapPath, sha256: $0) }
            } catch { notes.append(error.message) }
            let search = CanarySearch(canaries: secrets)
            let summary = isolation.summarize(record.frames, windows: [])
            var traffic = PcapAnalysis(deviceAddresses: isolation.deviceAddresses).analyze(
                frames: record.frames, summary: summary, search: search
            ).hits
            for payload in record.payloads {
                traffic += search.hits(in: payload.bytes, source: "sink-payload", location: payload.peer)
            }
            let scan = StorageScan(roots: [sandbox.upper], excluded: []).run(search, source: "storage-after-timed-run")
            let storage = scan.hits.map {
                CanaryHit(
                    canaryDigest: $0.canaryDigest, origin: $0.origin, source: $0.source,
                    location: sandbox.sandboxPath(of: $0.location),
                    offset: $0.offset, encoding: $0.encoding)
            }
            return TimedRunRecord(
                summary: summary, trafficHits: traffic, storageHits: storage, scannedFiles: scan.files,
                written: sandbox.writtenFiles(),
                escapes: EscapeObservation(attempts: sandbox.escapeAttempts()), pcap: pcap, notes: notes + scan.notes,
                secrets: secrets.count)
        }
    }
}
