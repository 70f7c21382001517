import Conformance
import Foundation
import Harness
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The privacy audit of a remote device (tcp, ssh, adb) that routes through a link the lab
/// observes: its declared on-device workloads run once on canaried samples staged through the
/// driver, while the traffic of its link is captured by the harness (gateway mode) or recorded by
/// the lab (a pcap read afterwards). Gives PRV-02, PRV-03 and PRV-05 from the device's own
/// traffic; PRV-01, PRV-04 and PRV-06 stay absent with the reason. See Docs/privacy.md.
package struct RemotePrivacyAudit: Sendable {
    package let suite: Suite
    package let declaration: DeviceDeclaration
    package let driver: any DeviceDriver
    package let source: PrivacyCaptureSource
    /// The device's IPv4 (and optionally MAC) addresses on the captured link.
    package let deviceAddresses: Set<String>
    /// A fresh folder for canaried inputs and evidence.
    package let workdir: String
    package let logger: Logger
    /// The certified configuration (backend, accelerator, threads) every privacy pass runs.
    package let configuration: RunConfiguration
    /// The harness's connection to the agent, set apart from the device's traffic.
    package let control: ControlChannel
    /// How long to wait after the session for a lab pcap to show the session's end.
    package let pcapSettleSeconds: Double
    /// Samples per `run` request.
    package let batch = 256
    /// Gateway mode's long capture, already running (``LongCapture``): the session runs inside it,
    /// the audit waits for its end and judges every frame of it. Nil: the session only.
    package var longCapture: LongCapture?
    /// What happens to the device while a long capture goes on, run after the privacy session and
    /// before the capture's end is awaited — a lab that reboots the device by a command, or a test
    /// standing for the lab's hand. Nil: nothing.
    package var duringCapture: (@Sendable () -> Void)?

    /// Creates an audit; `control` defaults to the driver's spec.
    package init(
        suite: Suite, declaration: DeviceDeclaration, driver: any DeviceDriver, source: PrivacyCaptureSource,
        deviceAddresses: Set<String>, workdir: String, logger: Logger, configuration: RunConfiguration = .reference,
        control: ControlChannel? = nil, pcapSettleSeconds: Double = 10
    ) {
        self.suite = suite
        self.declaration = declaration
        self.driver = driver
        self.source = source
        self.deviceAddresses = deviceAddresses
        self.workdir = workdir
        self.logger = logger
        self.configuration = configuration
        self.control = control ?? ControlChannel.of(driver.spec)
        self.pcapSettleSeconds = pcapSettleSeconds
    }

    /// Runs the audit. Never throws: what cannot be measured comes back without a value and with
    /// the reason.
    package func run() -> PrivacyOutcome {
        let workloads = suite.workloads.filter { declaration.onDeviceWorkloads.contains($0.id) }
        guard !workloads.isEmpty else {
            return .unavailable(
                "the device declaration \(declaration.path) claims no on-device AI feature of suite \(suite.id)")
        }
        guard !deviceAddresses.isEmpty else {
            return .unavailable("the \(source) needs the device's address on the link (--device-address)")
        }
        let evidence = "\(workdir)/evidence"
        for folder in ["\(workdir)/inputs", evidence] {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let prepared: CanariedInputs
        do throws(PrivacyError) {
            prepared = try CanariedInputs.prepare(workloads, in: "\(workdir)/inputs", key: CanaryKey.fresh())
        } catch {
            return .unavailable(error.message)
        }
        var sink: SinkServer?
        if let longCapture {
            sink = longCapture.sink
        } else if case .gateway(let interface) = source {
            // Capture only: no address, so no socket that could answer or send.
            let capture = SinkServer(namespace: nil, interface: interface, address: nil)
            do throws(PrivacyError) {
                try capture.start()
            } catch {
                return .unavailable("the gateway capture could not start on \(interface): \(error.message)")
            }
            sink = capture
        }
        logger.info(
            "privacy audit (remote): \(source), device \(deviceAddresses.sorted().joined(separator: ", ")), control \(control)"
        )
        let sessionBegin = WorkloadPass.realtimeNs()
        let session = runSession(workloads, inputs: prepared)
        var end = WorkloadPass.realtimeNs()
        // A long capture is judged whole: from before the run to its end, idle time included.
        let begin = longCapture?.beginNs ?? sessionBegin
        if let longCapture {
            duringCapture?()
            logger.info(
                "privacy audit (remote): capturing until \(Date(timeIntervalSince1970: Double(longCapture.endNs) / 1e9)) (--privacy-capture)"
            )
            longCapture.awaitEnd()
            end = WorkloadPass.realtimeNs()
        }

        var notes: [String] = []
        var evidenceFiles: [AssetFile] = []
        let frames: [CapturedFrame]
        var linkState: LinkStateLog?
        if let sink {
            usleep(200_000)
            let record = sink.stop()
            frames = record.frames
            linkState = record.linkState
            notes += record.notes + [record.linkState.line(since: begin)]
            if let longCapture {
                notes.append(
                    "long capture (--privacy-capture \(Int(longCapture.seconds)) s): every frame from before the run's first connection until \(String(format: "%.0f", Double(end - begin) / 1e9)) s later is judged"
                )
            }
            if record.droppedFrames > 0 {
                notes.append(
                    "\(record.droppedFrames) frames over the capture bounds were counted by the kernel but not kept")
            }
            let path = "\(evidence)/gateway-capture.pcap"
            do throws(PrivacyError) {
                try PcapWriter(snapLength: 262_144).write(frames, to: path)
                if let digest = FileDigest.sha256(file: path) {
                    evidenceFiles.append(AssetFile(path: path, sha256: digest))
                }
            } catch { notes.append(error.message) }
        } else if case .labPcap(let path) = source {
            do throws(PrivacyError) {
                frames = try readLabPcap(path, session: begin...end)
            } catch {
                return .unavailable("the lab capture could not be used: \(error.message)")
            }
            if let digest = FileDigest.sha256(file: path) {
                evidenceFiles.append(AssetFile(path: path, sha256: digest))
            }
        } else {
            frames = []
        }
        return judge(
            frames: frames, canaries: prepared.canaries, session: session, span: begin...end, workloads: workloads,
            evidenceFiles: evidenceFiles, notes: notes, linkState: linkState)
    }

    /// Turns the captured frames of a session into the outcome: control and link upkeep set
    /// apart, coverage checked, then egress, canary hits and connections of the device's frames.
    func judge(
        frames: [CapturedFrame], canaries: [Canary], session: (outputs: AgentSessionOutputs, error: String?),
        span: ClosedRange<Int64>,
        workloads: [Workload], evidenceFiles: [AssetFile], notes: [String], linkState: LinkStateLog? = nil
    ) -> PrivacyOutcome {
        let traffic = LinkTraffic(frames: frames, channel: control, deviceAddresses: deviceAddresses, span: span)
        let report = { (extra: [String]) in
            RemotePrivacyMeasurements.report(
                source: source, deviceAddresses: deviceAddresses, control: control, traffic: traffic,
                evidenceFiles: evidenceFiles,
                notes: extra + notes)
        }
        let failed = session.outputs.failures.sorted(by: { $0.key < $1.key }).first.map {
            "the privacy session of \($0.key) failed: \($0.value)"
        }
        if let failure = session.error ?? failed {
            return .unavailable(failure, reports: [report([])])
        }
        if let gap = coverageGap(traffic, begin: span.lowerBound, end: span.upperBound) {
            return .unavailable(gap, reports: [report([])])
        }
        if let linkState, let lost = linkState.lostNs {
            return .unavailable(
                "the captured interface \(linkState.interface) was removed \(String(format: "%.1f", Double(lost - span.lowerBound) / 1e9)) s "
                    + "into the capture and no interface of that name came back before it ended, so what the device sent afterwards "
                    + "(on whatever link it came back on) was not seen: capture on an interface that outlives the device's link "
                    + "(a bridge the link is a port of) or keep the link's name stable",
                reports: [report([])])
        }
        let analysis = PcapAnalysis(deviceAddresses: deviceAddresses, windows: session.outputs.windows)
        let result: PcapAnalysis.Result
        if case .gateway = source {
            // The gateway's interface is the link's only other end: what it did not send, the device sent.
            let summary = FlowSummary(
                frames: traffic.device, isDevice: { frame, _ in !frame.sentByObserver }, exemption: { _ in nil },
                windows: session.outputs.windows)
            // Exempt frames are not egress, but their free-text fields are searched like the rest.
            result = analysis.analyze(frames: traffic.device + traffic.upkeep, summary: summary, canaries: canaries)
        } else {
            let summary = FlowSummary(
                frames: traffic.device, deviceAddresses: deviceAddresses, windows: analysis.windows)
            result = analysis.analyze(frames: traffic.device + traffic.upkeep, summary: summary, canaries: canaries)
        }
        let builder = RemotePrivacyMeasurements(
            workloads: workloads, declaration: declaration, source: source, summary: result.summary, traffic: traffic,
            hits: result.hits,
            pcap: evidenceFiles.first, linkState: linkState, span: span)
        return PrivacyOutcome(
            measurements: builder.measurements(),
            reports: [report(result.summary.lines() + result.hits.prefix(20).map(\.description))],
            hits: result.hits)
    }

    /// Why the capture cannot be trusted to have watched the device's link for the whole session;
    /// nil when it did.
    func coverageGap(_ traffic: LinkTraffic, begin: Int64, end: Int64) -> String? {
        if let address = control.address, control.crossesNetwork, deviceAddresses.contains(address) {
            guard traffic.controlOpened && traffic.controlClosed else {
                return
                    "the \(source) does not show the harness's control connection (\(control)) opening and closing during the privacy session "
                    + "(\(traffic.controlFrames) of its frames seen), so it did not watch the device's link for the whole session: "
                    + "capture on the device's link from before `aitc certify` starts until it ends"
            }
            return nil
        }
        if case .labPcap = source {
            guard let first = traffic.firstNs, let last = traffic.lastNs, first <= begin, last >= end else {
                return
                    "the \(source) does not span the privacy session (the control connection does not cross the captured link, "
                    + "so only frames before and after the session can prove the capture covered it)"
            }
        }
        return nil
    }

    private func runSession(
        _ workloads: [Workload], inputs: CanariedInputs
    ) -> (outputs: AgentSessionOutputs, error: String?) {
        let driver = driver
        let pass = WorkloadPass(
            configuration: configuration, batch: batch, stage: { file throws(AgentError) in try driver.stage(file) })
        do throws(AgentError) {
            let client = AgentClient(transport: try driver.connect())
            defer { client.bye() }
            _ = try client.hello()
            return (pass.run(workloads, inputs: inputs, client: client), nil)
        } catch {
            return (AgentSessionOutputs(), "the privacy session on \(driver.spec) failed: \(error)")
        }
    }

    /// Reads the lab's pcap, waiting (bounded) for it to hold the control connection's close or a
    /// frame past the session's end, as a capture still being written (`tcpdump -U`) catches up.
    func readLabPcap(_ path: String, session: ClosedRange<Int64>) throws(PrivacyError) -> [CapturedFrame] {
        let deadline = Date().addingTimeInterval(pcapSettleSeconds)
        while true {
            do throws(PrivacyError) {
                let frames = try PcapReader().read(path: path)
                if Date() >= deadline || frames.contains(where: { $0.timeNs >= session.upperBound }) { return frames }
                let closed = LinkTraffic(
                    frames: frames, channel: control, deviceAddresses: deviceAddresses, span: session
                ).controlClosed
                if closed { return frames }
            } catch {
                if Date() >= deadline { throw error }
            }
            usleep(200_000)
        }
    }
}
