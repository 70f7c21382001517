import Conformance
import Foundation
import Harness
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The privacy audit (PRV-01…PRV-06), run after the timed certification run: the device's
/// declared on-device workloads run on canaried copies of their samples inside an isolated network
/// namespace whose only link leads to a capturing sink; then storage is scanned, the erase
/// function is called and storage scanned again; then the same workloads run with the link cut
/// and the outputs are compared. See Docs/privacy.md.
package struct PrivacyAudit: Sendable {
    package let suite: Suite
    package let declaration: DeviceDeclaration
    package let agentPath: String
    /// A fresh folder for canaried inputs, the agent's scratch parent and the evidence (pcap).
    package let workdir: String
    package let logger: Logger
    /// The certified configuration (backend, accelerator, threads) every privacy pass runs.
    package let configuration: RunConfiguration
    /// Extra environment for the agent, given the audit's endpoints (fixtures read the sink here).
    package let agentEnvironment: @Sendable (PrivacyEndpoints) -> [String: String]
    /// The port the sink accepts TCP and UDP on.
    package let sinkPort: UInt16 = 9
    /// Samples per `run` request.
    package let batch = 256
    /// Largest relative output difference between the connected and the cut run that still counts
    /// as the same output (PRV-01): the run rules' `audits.output_tolerance`, so an accelerator
    /// whose last bits vary between runs is not taken for a feature that needs the network.
    package let outputTolerance: Double
    /// Whether the agent runs in its ``AgentSandbox`` (the default). Without it the agent runs as
    /// root in the device namespace and only the link and the declared paths are observed — what
    /// a remote device gets; tests use it to show the link observation alone catches a leak.
    package var sandboxed = true
    /// The qemu-user program an emulated device's agent (cross-built, `agentPath`) runs under, in
    /// the same namespace and sandbox as a local agent; nil: the agent runs natively.
    package var emulator: String? = nil

    /// Creates an audit.
    package init(
        suite: Suite, declaration: DeviceDeclaration, agentPath: String, workdir: String, logger: Logger,
        outputTolerance: Double,
        configuration: RunConfiguration = .reference,
        agentEnvironment: @escaping @Sendable (PrivacyEndpoints) -> [String: String] = { _ in [:] }
    ) {
        self.outputTolerance = outputTolerance
        self.suite = suite
        self.declaration = declaration
        self.agentPath = agentPath
        self.workdir = workdir
        self.logger = logger
        self.configuration = configuration
        self.agentEnvironment = agentEnvironment
    }

    /// Runs the audit. Never throws: what cannot be measured comes back without a value and with
    /// the reason.
    package func run() -> PrivacyOutcome {
        let workloads = suite.workloads.filter { declaration.onDeviceWorkloads.contains($0.id) }
        guard !workloads.isEmpty else {
            return .unavailable(
                "the device declaration \(declaration.path) claims no on-device AI feature of suite \(suite.id)")
        }
        let inputs = "\(workdir)/inputs"
        let evidence = "\(workdir)/evidence"
        for folder in [inputs, evidence] {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        // Canaried copies of every input of every declared workload.
        let prepared: CanariedInputs
        do throws(PrivacyError) {
            prepared = try CanariedInputs.prepare(workloads, in: inputs, key: CanaryKey.fresh())
        } catch {
            return .unavailable(error.message)
        }
        let canaries = prepared.canaries
        let isolation: NetworkIsolation
        do {
            isolation = try NetworkIsolation.create()
        } catch {
            return .unavailable("network isolation unavailable: \(error.message)")
        }
        defer { isolation.teardown() }
        // The agent's sandbox (or, unsandboxed, a scratch folder and the declared paths on this machine).
        let sandbox: AgentSandbox?
        let scratch: String
        if sandboxed {
            scratch = AgentSandbox.scratchParent
            let backendFile = configuration.backend.hasPrefix("/") ? [configuration.backend] : []
            do throws(PrivacyError) {
                // /etc/resolv.conf: the device namespace's (`ip netns exec` binds /etc/netns/<dev>/ there).
                // The models too: a suite under /tmp or /home is hidden by the sandbox otherwise.
                sandbox = try AgentSandbox.prepare(
                    folder: "\(workdir)/sandbox",
                    readOnly: [inputs, agentPath, "/etc/resolv.conf"] + backendFile
                        + AgentSandbox.workloadFiles(of: workloads, samples: false),
                    writable: declaredPaths(scratch: scratch).filter { $0.hasPrefix("/") && $0 != scratch })
            } catch {
                return .unavailable("the agent's sandbox is unavailable: \(error.message)")
            }
        } else {
            scratch = "\(workdir)/device-scratch"
            try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            sandbox = nil
        }
        logger.info(
            "privacy audit: device namespace \(isolation.deviceNamespace), sink \(isolation.sinkNamespace)\(sandbox.map { ", sandbox \($0.folder)" } ?? ", no sandbox")"
        )
        let sink = SinkServer(
            namespace: isolation.sinkNamespace, interface: isolation.sinkInterface, address: isolation.sinkAddress,
            listenPort: sinkPort)
        do {
            try sink.start()
        } catch {
            return .unavailable("network isolation unavailable: the capture could not start: \(error.message)")
        }
        let endpoints = PrivacyEndpoints(
            deviceAddress: isolation.deviceAddress, sinkAddress: isolation.sinkAddress, sinkPort: sinkPort,
            scratchParent: scratch)
        var environment = ProcessInfo.processInfo.environment
        environment.merge(agentEnvironment(endpoints)) { $1 }
        let search = CanarySearch(canaries: canaries)
        let scan = StorageScan(
            roots: sandbox.map { [$0.upper] } ?? declaredPaths(scratch: scratch), excluded: [inputs, evidence])
        let scanNow = { (source: String) in
            sandbox.map { Self.inSandbox(scan.run(search, source: source), $0) } ?? scan.run(search, source: source)
        }
        let pass = WorkloadPass(configuration: configuration, batch: batch, stage: { $0.path })

        // Connected session: inference, residue scan, erase, scan again.
        var connected = AgentSessionOutputs()
        var storage = StorageScan.Result(hits: [], files: 0, bytes: 0, notes: [])
        var afterErase: StorageScan.Result?
        var eraseNote = ""
        var sessionError: String?
        do throws(AgentError) {
            let client = AgentClient(
                transport: try startAgent(isolation, sandbox: sandbox, scratch: scratch, environment: environment))
            defer { client.bye() }
            _ = try client.hello()
            connected = pass.run(workloads, inputs: prepared, client: client)
            storage = scanNow("storage")
            switch declaration.erase {
            case .agentOperation:
                do throws(AgentError) {
                    try client.erase()
                    afterErase = scanNow("storage-after-erase")
                    eraseNote = "erase: agent operation"
                } catch { eraseNote = "the agent's erase operation failed: \(error)" }
            case .command(let command):
                do throws(PrivacyError) {
                    try isolation.runInDevice(sandbox?.command(command) ?? command)
                    afterErase = scanNow("storage-after-erase")
                    eraseNote =
                        "erase: \(command.joined(separator: " "))\(sandbox == nil ? "" : " (in the sandbox, as the agent's user)")"
                } catch { eraseNote = "the declared erase command failed: \(error.message)" }
            case .none:
                eraseNote = "the declaration names no erase function"
            }
        } catch {
            sessionError = "the isolated session failed: \(error)"
        }
        let writtenConnected = sandbox?.writtenFiles() ?? []
        // Cut session: the same inference with the device's link down, then its storage scanned
        // too (what a device keeps only while offline, to send later, is residue).
        var cut = AgentSessionOutputs()
        var cutError: String?
        var afterCut: StorageScan.Result?
        var exitNote: String?
        do throws(PrivacyError) {
            try isolation.cutDevice()
            do throws(AgentError) {
                let client = AgentClient(
                    transport: try startAgent(isolation, sandbox: sandbox, scratch: scratch, environment: environment))
                defer { client.bye() }
                _ = try client.hello()
                cut = pass.run(workloads, inputs: prepared, client: client)
                afterCut = scanNow("storage-after-cut-session")
            } catch { cutError = "the agent failed with the network cut: \(error)" }
            // Scanned again once the agent and all it started have exited (what it writes at exit).
            let killed = isolation.awaitDeviceExit()
            if killed > 0 {
                exitNote =
                    "\(killed) processes still ran in the device namespace after the agent's exit and were killed"
            }
            let afterExit = scanNow("storage-after-exit")
            let known = Set((afterCut?.hits ?? []).map { "\($0.canaryDigest)|\($0.location)" })
            let late = afterExit.hits.filter { !known.contains("\($0.canaryDigest)|\($0.location)") }
            afterCut = StorageScan.Result(
                hits: (afterCut?.hits ?? []) + late, files: max(afterCut?.files ?? 0, afterExit.files),
                bytes: max(afterCut?.bytes ?? 0, afterExit.bytes),
                notes: (afterCut?.notes ?? []) + afterExit.notes)
        } catch {
            cutError = "could not cut the device's link: \(error.message)"
        }
        let writtenCut = sandbox?.writtenFiles() ?? []
        let escapes: EscapeObservation =
            sandbox.map { EscapeObservation(attempts: $0.escapeAttempts()) } ?? .unsandboxed
        usleep(200_000)
        let record = sink.stop()
        let pcapPath = "\(evidence)/privacy-capture.pcap"
        var evidenceFiles: [AssetFile] = []
        var notes = record.notes + (exitNote.map { [$0] } ?? [])
        if let emulator {
            notes.append(
                "the agent (\(agentPath)) ran under \(emulator) (qemu-user), in the same namespace and sandbox as a local agent"
            )
        }
        do throws(PrivacyError) {
            try PcapWriter(snapLength: 262_144).write(record.frames, to: pcapPath)
            if let digest = FileDigest.sha256(file: pcapPath) {
                evidenceFiles.append(AssetFile(path: pcapPath, sha256: digest))
            }
        } catch { notes.append(error.message) }
        if record.droppedFrames > 0 {
            notes.append(
                "\(record.droppedFrames) frames over the capture bounds were counted by the kernel but not kept")
        }

        let analysis = PcapAnalysis(deviceAddresses: isolation.deviceAddresses, windows: connected.windows)
            .analyze(
                frames: record.frames, summary: isolation.summarize(record.frames, windows: connected.windows),
                search: search)
        var trafficHits = analysis.hits
        let seen = Set(trafficHits.map(\.canaryDigest))
        for payload in record.payloads {
            trafficHits += search.hits(in: payload.bytes, source: "sink-payload", location: payload.peer).filter {
                !seen.contains($0.canaryDigest)
            }
        }
        let builder = PrivacyMeasurements(
            workloads: workloads, declaration: declaration, connected: connected, cut: cut, cutError: cutError,
            outputTolerance: outputTolerance,
            summary: analysis.summary, trafficHits: trafficHits, storage: storage, afterCut: afterCut,
            afterErase: afterErase, eraseNote: eraseNote,
            pcap: evidenceFiles.first, canaryCount: canaries.count, canaryNotes: prepared.notes, escapes: escapes,
            storageView: sandbox.map {
                StorageView(sandbox: $0, afterConnected: writtenConnected, afterCut: writtenCut)
            })
        if let sessionError {
            return .unavailable(
                sessionError, reports: builder.reports(isolation: isolation, notes: notes, evidenceFiles: evidenceFiles)
            )
        }
        return PrivacyOutcome(
            measurements: builder.measurements(),
            reports: builder.reports(isolation: isolation, notes: notes, evidenceFiles: evidenceFiles),
            hits: trafficHits + storage.hits + (afterCut?.hits ?? []) + (afterErase?.hits ?? []))
    }

    /// A scan of the sandbox's upper layer, with each hit named by its path inside the sandbox.
    private static func inSandbox(_ result: StorageScan.Result, _ sandbox: AgentSandbox) -> StorageScan.Result {
        let hits = result.hits.map {
            CanaryHit(
                canaryDigest: $0.canaryDigest, origin: $0.origin, source: $0.source,
                location: sandbox.sandboxPath(of: $0.location), offset: $0.offset,
                encoding: $0.encoding)
        }
        return StorageScan.Result(hits: hits, files: result.files, bytes: result.bytes, notes: result.notes)
    }

    private func declaredPaths(scratch: String) -> [String] { declaration.writablePaths(scratch: scratch) }

    private func startAgent(
        _ isolation: NetworkIsolation, sandbox: AgentSandbox?, scratch: String, environment: [String: String]
    ) throws(AgentError) -> ProcessTransport {
        let agent = (emulator.map { [$0] } ?? []) + [agentPath, "--scratch", scratch]
        let command = isolation.deviceCommand(sandbox?.command(agent) ?? agent)
        return try ProcessTransport(
            executable: command.executable, arguments: command.arguments, environment: environment)
    }
}
