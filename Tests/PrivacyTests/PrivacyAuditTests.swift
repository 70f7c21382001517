import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// The audit against the real agent in real namespaces: the reference backend passes every PRV
/// clause, and each leaking fixture fails exactly the clauses its leak breaks, with evidence.
/// Without root the same tests check that every clause is left without a value and with the reason.
@Suite(.serialized) struct PrivacyAuditTests {
    /// Which metrics must be non-zero (fail) for a backend; every other one must be exactly 0.
    static let network: Set<String> = [
        "privacy.egress_packets", "privacy.canary_hits_traffic", "privacy.telemetry_connections",
    ]

    @Test func referenceBackendPassesEveryClause() throws {
        try check(backend: nil, failing: [], workloads: ["digits-cnn-fp32", "digits-cnn-int8"])
    }

    @Test func cleanFixturePassesEveryClause() throws {
        try check(backend: "clean", failing: [])
    }

    @Test func tcpLeakFailsTheNetworkClauses() throws {
        let outcome = try check(backend: "leak_tcp", failing: Self.network)
        #expect(outcome?.hits.contains { $0.source == "traffic" && $0.encoding == .raw } ?? true)
    }

    @Test func udpLeakFailsTheNetworkClauses() throws {
        let outcome = try check(backend: "leak_udp", failing: Self.network)
        #expect(outcome?.hits.contains { $0.source == "traffic" && $0.location.contains("udp") } ?? true)
    }

    @Test func dnsLeakFailsTheNetworkClauses() throws {
        let outcome = try check(backend: "leak_dns", failing: Self.network)
        #expect(outcome?.hits.contains { $0.encoding == .hexLower } ?? true)
        #expect(outcome?.measurement("privacy.telemetry_connections")?.evidence.contains("DNS") ?? true)
    }

    /// The cheater that skipped whatever looked like the earlier canaries (a recognisable float
    /// pattern over the first 16 bytes, or values the data cannot hold): every sample is now drawn
    /// from the data's own distribution, nothing looks like a canary, and what it keeps is found.
    @Test func aBackendThatSkipsCanariesByTheirLookIsCaught() throws {
        let outcome = try check(
            backend: "skip_canaries", failing: ["privacy.canary_hits_storage", "privacy.canary_hits_after_erase"])
        #expect(outcome?.hits.contains { $0.source == "storage" && $0.location.hasSuffix("/.index") } ?? true)
        // Every sample carries canaries, so the hits span many samples, not a chosen few.
        let samples = Set(
            outcome?.hits.filter { $0.source == "storage" }.map {
                $0.origin.components(separatedBy: " elements").first ?? ""
            } ?? [])
        #expect(outcome == nil || samples.count > 100, "\(samples.count) samples found")
    }

    @Test func diskResidueFailsOnlyTheStorageClause() throws {
        let outcome = try check(backend: "persist_disk", failing: ["privacy.canary_hits_storage"])
        #expect(outcome?.hits.contains { $0.source == "storage" && $0.location.hasSuffix("kept-inputs.bin") } ?? true)
    }

    @Test func dataThatSurvivesEraseFailsStorageAndErasure() throws {
        let outcome = try check(
            backend: "survive_erase", failing: ["privacy.canary_hits_storage", "privacy.canary_hits_after_erase"])
        #expect(outcome?.hits.contains { $0.source == "storage-after-erase" } ?? true)
    }

    // The three leaks below need root's privileges (raw sockets, /proc/sys). Unsandboxed — the
    // agent as root, as on a device the harness cannot sandbox — the link observation alone catches
    // them; in the sandbox they cannot happen at all (privilegedLeaksCannotLeaveTheSandbox).

    @Test func icmpSentAtUnloadFailsOnTheLink() throws {
        let outcome = try check(
            backend: "leak_icmp_unload", failing: ["privacy.egress_packets", "privacy.telemetry_connections"],
            sandboxed: false)
        #expect(outcome?.measurement("privacy.egress_packets")?.evidence.contains("icmp") ?? true)
        #expect(outcome?.measurement("privacy.telemetry_connections")?.evidence.contains("icmp") ?? true)
    }

    @Test func ipv6TurnedBackOnFailsOnTheLink() throws {
        let outcome = try check(backend: "leak_ipv6_multicast", failing: Self.network, sandboxed: false)
        #expect(outcome?.measurement("privacy.egress_packets")?.evidence.contains("udp6") ?? true)
        #expect(
            outcome?.hits.contains { $0.location.contains("udp6") && $0.location.contains("ff02:0:0:0:0:0:0:1") }
                ?? true)
    }

    @Test func spoofedRawFramesAreTheDevicesBecauseOfTheLink() throws {
        let outcome = try check(backend: "leak_packet_spoof", failing: Self.network, sandboxed: false)
        let evidence = outcome?.measurement("privacy.telemetry_connections")?.evidence ?? "ether-88b5 192.0.2.77"
        #expect(evidence.contains("ether-88b5") || evidence.contains("192.0.2.77"))
        #expect(
            outcome?.reports.first { $0.kind == "network-capture" }?.notes.contains { $0.contains("ether-88b5") }
                ?? true)
        #expect(
            outcome?.reports.first { $0.kind == "network-capture" }?.notes.contains { $0.contains("192.0.2.77") }
                ?? true)
    }

    /// In the sandbox their system calls fail and no frame leaves; the attempts themselves (a raw
    /// or packet socket, a write under /proc/sys) are read from the sandbox's system-call trace
    /// and fail PRV-02.
    @Test func privilegedLeaksCannotLeaveTheSandboxAndTheirAttemptsFailEgress() throws {
        for (fixture, call) in [
            ("leak_icmp_unload", "socket(AF_INET, SOCK_RAW"), ("leak_ipv6_multicast", "/proc/sys/net/ipv6"),
            ("leak_packet_spoof", "socket(AF_PACKET"),
        ] {
            let outcome = try check(backend: fixture, failing: ["privacy.egress_packets"])
            let evidence = outcome?.measurement("privacy.egress_packets")?.evidence ?? "every protocol: 0, \(call)"
            #expect(evidence.contains("every protocol: 0,"), "\(fixture): \(evidence)")
            #expect(evidence.contains(call), "\(fixture): \(evidence)")
        }
    }

    /// A backend that does its file work through io_uring, so that its openat() of a namespace
    /// handle and its writes never appear in the trace as system calls: the ring itself is the
    /// attempt (PRV-02, the evidence naming io_uring_setup), and the file it wrote through the
    /// ring is found by the storage diff (PRV-04, -06).
    @Test func ioUringOperationsHiddenFromTheTraceAreReported() throws {
        let outcome = try check(
            backend: "escape_io_uring",
            failing: ["privacy.egress_packets", "privacy.canary_hits_storage", "privacy.canary_hits_after_erase"])
        guard let outcome else { return }
        let evidence = outcome.measurement("privacy.egress_packets")?.evidence ?? ""
        #expect(evidence.contains("io_uring_setup("), "\(evidence)")
        #expect(evidence.contains("every protocol: 0,"), "\(evidence)")
        #expect(outcome.hits.contains { $0.source == "storage" && $0.location == "/var/tmp/.uring-cache" })
    }

    /// Every input sent in 24-byte datagrams, none holding a whole canary: found in the
    /// conversation's joined payload (PRV-03), and the datagrams themselves fail PRV-02 and -05.
    @Test func inputsSentInPiecesSmallerThanACanaryAreFoundReassembled() throws {
        let outcome = try check(backend: "leak_small_pieces", failing: Self.network)
        guard let outcome else { return }
        let traffic = outcome.hits.filter { $0.source == "traffic" }
        #expect(!traffic.isEmpty && traffic.allSatisfy { $0.location.contains("reassembled from") })
        let evidence = outcome.measurement("privacy.canary_hits_traffic")?.evidence ?? ""
        #expect(evidence.contains("reassembled from"), "\(evidence)")
        // the evidence states the matcher's limit (Docs/privacy.md "Known limits" says the same)
        #expect(evidence.contains(FlowReassembly.reach))
    }

    @Test func inputsHiddenOutsideTheDeclaredPathsFailStorageAndErasure() throws {
        let outcome = try check(
            backend: "hide_files", failing: ["privacy.canary_hits_storage", "privacy.canary_hits_after_erase"])
        let places = Set(outcome?.hits.filter { $0.source == "storage" }.map(\.location) ?? [])
        if outcome != nil {
            #expect(places.contains("/dev/shm/.fc-cache-7"))
            #expect(places.contains("\(AgentSandbox.home)/.cache/thumbnails.db"))
            #expect(
                outcome?.hits.contains { $0.location == "/var/tmp/.systemd-private-journal" && $0.encoding == .base64 }
                    == true)
            #expect(
                outcome?.measurement("privacy.canary_hits_storage")?.evidence.contains("/dev/shm/.fc-cache-7") == true)
        }
    }

    @Test func inputsQueuedOnlyWhileTheLinkIsCutFailStorage() throws {
        let outcome = try check(backend: "queue_while_cut", failing: ["privacy.canary_hits_storage"])
        #expect(
            outcome?.hits.contains { $0.source == "storage-after-cut-session" && $0.location.hasSuffix("/.outbox") }
                ?? true)
        #expect(outcome?.hits.contains { $0.source == "storage" } != true)
    }

    /// Joining the harness's network namespace with setns() and a Unix socket on this machine's
    /// file system cross no observed link. Unsandboxed the escape works (the listeners receive the
    /// inputs while every network clause passes: the test can fail); sandboxed nothing arrives, and
    /// the attempts themselves — read from the sandbox's system-call trace — fail PRV-02.
    @Test func namespaceEscapesAreStoppedByTheSandboxAndFailEgress() throws {
        guard geteuid() == 0 else { return }
        for sandboxed in [false, true] {
            let folder = try TemporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder.path) }
            let listener = try EscapeListener(socketPath: "\(folder.path)/escape.sock")
            defer { listener.stop() }
            let outcome = try check(
                backend: "escape_namespace", failing: sandboxed ? ["privacy.egress_packets"] : [], sandboxed: sandboxed,
                environment: [
                    "AITC_FIXTURE_ESCAPE_PORT": "\(listener.port)", "AITC_FIXTURE_ESCAPE_SOCKET": listener.socketPath,
                ])
            let received = listener.stop()
            if sandboxed {
                #expect(received == (tcp: 0, unix: 0), "the sandboxed agent reached this machine")
                let evidence = outcome?.measurement("privacy.egress_packets")?.evidence ?? ""
                #expect(evidence.contains("/ns/net"), "\(evidence)")
                #expect(
                    evidence.contains("connect") && evidence.contains("AF_UNIX \(listener.socketPath)"), "\(evidence)")
            } else {
                #expect(received.tcp > 0 && received.unix > 0, "the unsandboxed escape should work: \(received)")
            }
        }
    }

    @Test func theSandboxDropsPrivilegesAndHidesTheHost() throws {
        let marker = try TemporaryFolder().write("host-marker", "x")
        try check(backend: "sandbox_probe", failing: [], environment: ["AITC_FIXTURE_HOST_MARKER": marker]) { workdir in
            let (probe, fields) = try Self.probe("\(workdir)/sandbox")
            #expect(fields["uid"] == "\(AgentSandbox.uid)")
            // PID 1 of its namespace is the system-call tracer (strace); the agent is its child.
            #expect(fields["pid"] != "1" && fields["ppid"] == "1", "\(probe)")
            for set in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] {
                #expect(fields[set] == "0000000000000000", "\(set): \(probe)")
            }
            #expect(fields["NoNewPrivs"] == "1")
            #expect(fields["host_marker_visible"] == "0")
            #expect(fields["run_netns_visible"] == "0")
            #expect(fields["uid_can_write_etc"] == "0")
            #expect(fields["cwd"] == "/", "\(probe)")
        }
    }

    /// A repository cloned under a folder the sandbox hides (here `/tmp`; `/home` and `/root`
    /// alike): each declared workload's model is bound into the sandbox on its own, read-only, so
    /// PRV-01's connected run loads both digits models, while a file beside them in the same
    /// hidden folder stays invisible. Before the models were bound, the connected run failed
    /// ("cannot open '/tmp/…/digits_cnn_fp32.onnx'") and PRV-01 had no value.
    @Test func modelsOfASuiteUnderTmpAreBoundAloneAndReadOnly() throws {
        let copy = try SuiteCopyUnderTmp()
        defer { copy.remove() }
        let model = try copy.model("digits-cnn-int8")
        #expect(model.hasPrefix("/tmp/"))
        try check(
            backend: "sandbox_probe", failing: [], workloads: ["digits-cnn-fp32", "digits-cnn-int8"],
            suite: copy.suite,
            environment: ["AITC_FIXTURE_HOST_MARKER": copy.beside, "AITC_FIXTURE_BOUND_FILE": model]
        ) { workdir in
            let (probe, fields) = try Self.probe("\(workdir)/sandbox")
            #expect(fields["bound_file_readable"] == "1", "\(probe)")
            #expect(fields["bound_file_read_only"] == "1", "\(probe)")
            #expect(fields["host_marker_visible"] == "0", "the file beside the models: \(probe)")
            #expect(fields["cwd"] == "/", "\(probe)")
        }
    }

    /// The sandbox_probe fixture's `$HOME/probe.txt` in the sandbox folder `sandbox`, and its fields.
    static func probe(_ sandbox: String) throws -> (text: String, fields: [String: String]) {
        let probe = try String(
            contentsOfFile: "\(sandbox)/upper\(AgentSandbox.home)/probe.txt", encoding: .utf8)
        let fields = Dictionary(
            probe.split(separator: "\n").map {
                $0.split(separator: ":", maxSplits: 1).count == 2
                    ? (
                        String($0.split(separator: ":")[0]),
                        $0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)
                    )
                    : (String($0.split(separator: "=")[0]), String($0.split(separator: "=").last ?? ""))
            }
        ) { $1 }
        return (probe, fields)
    }

    /// The honest control: outputs vary in their last bit between the connected and the cut run
    /// (as NPUs do), nothing leaves, nothing stays. It passes every clause, and the evidence shows
    /// the outputs did differ, so the tolerance — not an identical rerun — made PRV-01 pass.
    @Test func honestJitterInTheLastBitPassesEveryClause() throws {
        let outcome = try check(backend: "jitter_honest", failing: [])
        if let evidence = outcome?.measurement("privacy.offline_mismatches")?.evidence {
            let differing = evidence.components(separatedBy: "(").dropFirst().first?.split(separator: " ").first.flatMap
            { Int($0) }
            #expect((differing ?? 0) > 0, "the fixture's outputs should differ in some bit: \(evidence)")
        }
    }

    /// PRV-01's tolerance as the CLI takes it: the certification mode's `audits.output_tolerance`.
    static func outputTolerance() throws -> Double {
        try #require(
            try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("certification").audits?.outputTolerance)
    }

    /// Runs the audit and checks every metric; nil when isolation is unavailable (then checked to be
    /// inconclusive with the reason).
    @discardableResult
    private func check(
        backend fixture: String?, failing: Set<String>, workloads: [String] = ["digits-cnn-fp32"],
        sandboxed: Bool = true, suite given: Suite? = nil,
        environment: [String: String] = [:], inspect: (String) throws -> Void = { _ in }
    ) throws -> PrivacyOutcome? {
        let folder = try TemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let store = "\(folder.path)/device-storage"
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        let suite = try given ?? SuiteLoader(suitesDirectory: "\(ProjectRoot.path)/Suites").load("smartphone")
        let declaration = DeviceDeclaration(
            name: "test", deviceClass: suite.deviceClass.rawValue, onDeviceWorkloads: workloads,
            telemetry: TelemetryDeclaration(present: false, consentOffByDefault: true), erase: .agentOperation,
            storage: [DeviceDeclaration.agentScratchToken, store], logs: [], path: "\(folder.path)/test.yaml")
        let backend = try fixture.map { try FixtureBackend.build($0, in: folder.path) } ?? "reference"
        var audit = PrivacyAudit(
            suite: suite, declaration: declaration, agentPath: try AgentLocator.hostAgent(),
            workdir: "\(folder.path)/audit",
            logger: Logger(label: "privacy-test"), outputTolerance: try Self.outputTolerance(),
            configuration: RunConfiguration(backend: backend),
            agentEnvironment: { endpoints in
                [
                    "AITC_FIXTURE_SINK": "\(endpoints.sinkAddress):\(endpoints.sinkPort)",
                    "AITC_FIXTURE_SCRATCH": endpoints.scratchParent,
                    "AITC_FIXTURE_STORE": store,
                ]
                .merging(sandboxed ? ["AITC_FIXTURE_SANDBOXED": "1"] : [:]) { $1 }.merging(environment) { $1 }
            })
        audit.sandboxed = sandboxed
        let outcome = audit.run()
        defer { try? inspect("\(folder.path)/audit") }
        #expect(outcome.measurements.map(\.metric) == PrivacyOutcome.metrics)
        if geteuid() != 0 {
            for measurement in outcome.measurements {
                #expect(measurement.value == nil)
                #expect(measurement.reason?.contains("network isolation unavailable") == true)
            }
            return nil
        }
        for measurement in outcome.measurements {
            let value = try #require(measurement.value, "\(measurement.metric): \(measurement.reason ?? "")")
            if failing.contains(measurement.metric) {
                #expect(
                    value > 0, "\(measurement.metric) should catch \(fixture ?? "reference"): \(measurement.evidence)")
                #expect(!measurement.evidence.isEmpty)
            } else {
                #expect(value == 0, "\(measurement.metric) for \(fixture ?? "reference"): \(measurement.evidence)")
            }
        }
        let capture = try #require(outcome.reports.first { $0.kind == "network-capture" })
        let pcap = try #require(capture.evidenceFiles.first)
        #expect(FileDigest.sha256(file: pcap.path) == pcap.sha256)
        #expect(!FileManager.default.fileExists(atPath: "/etc/netns/\(capture.identity["device_namespace"] ?? "?")"))
        return outcome
    }
}
