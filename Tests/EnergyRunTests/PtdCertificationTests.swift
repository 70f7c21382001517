import Attestation
import Certification
import Conformance
import Foundation
import Logging
import Metering
import TestSupport
import Testing

@testable import EnergyRun
@testable import Harness

/// The whole certification path (`Certifier`, as `aitc certify --meter ptd://…` runs it) against the
/// PTDaemon simulator: a two-channel analyzer marking one sample in 20 as −1, its host clock 500 ms
/// ahead and drifting 2 ms/s, no ranges given (the ranging pass sets them), measuring the wearable
/// suite's keyword-spotting workload. The signed report must carry the figure within its stated
/// uncertainty of the trace, that uncertainty, the meter, and ENG-04's verdict decided with the
/// guard band; the control — a daemon that states no uncertainty — gives a figure but an
/// inconclusive verdict, never a pass or a fail.
@Suite(.serialized)
struct PtdCertificationTests {
    static let hostile = PtdBehaviour(errorEvery: 20, clockAheadMs: 500, clockDriftMsPerSecond: 2, channels: 2)

    @Test func aPtdMeterGivesAGuardBandedVerdictInTheSignedReport() throws {
        let simulator = try PtdSimulator(behaviour: Self.hostile)
        defer { simulator.stop() }
        let run = try Self.certify(simulator)
        let report = run.report
        #expect(report.complete, "\(report.incompleteReason ?? "")")

        // The figure: energy per query within its stated uncertainty of the trace's exact energy.
        let workload = try #require(report.workloads.first)
        let ss = try #require(workload.scenarios.first { $0.scenario == .singleStream })
        let figure = try #require(
            report.scoringInput.measurements.first { $0.metric == "energy.per_inference_uj" && $0.value != nil })
        let value = try #require(figure.value)
        let u = try #require(figure.uncertainty, "\(figure.uncertaintyMissing ?? "")")
        let exact =
            simulator.trace.joules(from: simulator.seconds(Int64(ss.beginNs)), to: simulator.seconds(Int64(ss.endNs)))
            * 1e6 / Double(ss.queries)
        print(
            "PTD end to end (certify): \(ss.queries) queries over \(ss.durationS) s, \(value) µJ/query ± \(u) vs trace \(exact), error \((value - exact) / exact)"
        )
        #expect(abs(value - exact) <= u, "\(figure.evidence)")
        #expect(figure.uncertaintyMissing == nil)
        #expect(figure.evidence.contains("sum of 2 channels"), "\(figure.evidence)")
        // One sample in 20 is marked −1: a window of 20 or more readings holds at least one, and says so
        // (a shorter window, on a fast host, may hold none).
        let readings = figure.evidence.firstMatch(of: /(\d+) readings strictly inside/).flatMap { Int($0.1) } ?? 0
        if readings >= 20 { #expect(figure.evidence.contains("marked error (−1)"), "\(figure.evidence)") }
        #expect(figure.evidence.contains("drift"), "the clock was measured again around the window: \(figure.evidence)")

        // The verdict: ENG-04 decided with the guard band, U carried into the check.
        let eng04 = try #require(report.verdicts.first { $0.clauseID == "ENG-04" })
        let check = try #require(eng04.checks.first { $0.metric == "energy.per_inference_uj" })
        #expect(check.decisionRule == .guardBand && check.uncertainty == u && check.value == value)
        let bound = try #require(check.bound)
        let expected: Verdict = value + u <= bound ? .pass : value - u > bound ? .fail : .inconclusive
        #expect(check.verdict == expected && eng04.verdict == expected, "\(check)")

        // The meter: named with what Identify said; the ranging pass fixed the ranges.
        let meter = try #require(report.meters.first)
        #expect(
            meter.model?.contains("driver WT310E-YOKOGAWA") == true && meter.model?.contains("2 channels") == true,
            "\(meter)")
        let energy = try #require(report.instruments.first { $0.kind == "energy-meter" })
        #expect(energy.notes.contains { $0.contains("ranges fixed at V 230") }, "\(energy.notes)")
        #expect(
            simulator.received.contains("RL,*,*")
                && simulator.received.contains { $0.hasPrefix("SR,A,") && $0 != "SR,A,Auto" })

        // On disk: the signed report's JSON carries the rule and the uncertainty of the check.
        let json = try String(contentsOfFile: run.reportPath, encoding: .utf8)
        #expect(
            json.contains("\"decision_rule\" : \"guard-band\"") || json.contains("\"decision_rule\":\"guard-band\""))
    }

    @Test func aDaemonThatStatesNoUncertaintyNeverPasses() throws {
        var silent = Self.hostile
        silent.uncertainty = -1
        let simulator = try PtdSimulator(behaviour: silent)
        defer { simulator.stop() }
        let report = try Self.certify(simulator).report
        let figure = try #require(
            report.scoringInput.measurements.first { $0.metric == "energy.per_inference_uj" && $0.value != nil })
        #expect(
            figure.uncertaintyMissing?.contains("PTDaemon stated no uncertainty") == true,
            "\(figure.uncertaintyMissing ?? "none")")
        let eng04 = try #require(report.verdicts.first { $0.clauseID == "ENG-04" })
        #expect(eng04.verdict == .inconclusive, "\(eng04.checks)")
        #expect(eng04.checks.first?.reason?.contains("guard band") == true)
    }

    /// Certifies the local agent on `cut` (by default the wearable keyword-spotting workload under
    /// ENG-04) with the simulator as `--meter`.
    static func certify(_ simulator: PtdSimulator, cut: SuiteCut = .wearableKWS) throws -> DeviceCertification {
        let folder = try TemporaryFolder()
        let suites = try Self.suitesFolder(folder, cut: cut)
        _ = try KeyFiles.generate(prefix: (folder.path as NSString).appendingPathComponent("lab"))
        let meterURL = "ptd://127.0.0.1:\(simulator.port)?interval_ms=100&timeout_ms=3000&settle_s=0"
        let meters = [try EnergyMeterChoice(parsing: meterURL)]
        let agent = try AgentLocator.hostAgent()
        let request = CertificationRequest(
            suite: (suites as NSString).appendingPathComponent("ptd-kws.yaml"),
            devices: [try DeviceSpec(parsing: "local")],
            keyPath: (folder.path as NSString).appendingPathComponent("lab.key"),
            outDirectory: (folder.path as NSString).appendingPathComponent("out"), mode: "ptd-e2e",
            standardsPaths: [ProjectRoot.layout.standardsDirectory], suitesDirectory: suites,
            instruments: { context in
                [try EnergyInstrument(meters: meters, rules: context.mode.energy, logger: context.logger)]
            })
        let certifier = Certifier(request: request, logger: EnergyFixtures.logger) { _ in LocalDriver(agentPath: agent)
        }
        let result = try certifier.prepare().run()
        return try #require(result.devices.first)
    }

    /// One workload of a real suite, judged on some of its clauses.
    struct SuiteCut {
        let suite: String
        let deviceClass: String
        let workload: String
        let clauses: [String]
        /// Whether the mode certifies (a decision of conformant is possible, not only indicative).
        var certifies = false
        static let wearableKWS = SuiteCut(
            suite: "wearable", deviceClass: "wearable", workload: "kws-dscnn-int8", clauses: ["ENG-04"])
    }

    /// A suites folder holding `cut`'s workload and run rules with a short mode whose energy windows
    /// a 100 ms daemon can fill.
    static func suitesFolder(_ folder: TemporaryFolder, cut: SuiteCut) throws -> String {
        let real = ProjectRoot.layout.suitesDirectory
        let root = (folder.path as NSString).appendingPathComponent("suites")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: (root as NSString).appendingPathComponent("workloads"),
            withDestinationPath: (real as NSString).appendingPathComponent("workloads"))
        let source = try String(
            contentsOfFile: (real as NSString).appendingPathComponent("\(cut.suite).yaml"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "  - id: \(cut.workload)" })
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  - id:") || !$0.hasPrefix(" ") } ?? lines.endIndex
        let suite = """
            suite: ptd-kws
            version: 0.1.0
            title: \(cut.workload) with a PTDaemon meter
            device_class: \(cut.deviceClass)
            clauses: [\(cut.clauses.joined(separator: ", "))]
            workloads:
            \(lines[start..<end].joined(separator: "\n"))

            """
        try suite.write(
            toFile: (root as NSString).appendingPathComponent("ptd-kws.yaml"), atomically: true, encoding: .utf8)
        let rules = """
            version: 0.1.0
            modes:
              ptd-e2e:
                description: short run with PTDaemon energy windows
                certifies: \(cut.certifies)
                single_stream: {min_queries: 200, min_duration_s: 1, max_duration_s: 10}
                offline: {min_samples: 256, min_duration_s: 0.5}
                cooldown_s: 0
                outages: {max_retries: 0, reconnect_window_s: 1, reconnect_interval_s: 1}
                energy:
                  device_sample_hz: 100
                  min_samples: 10
                  max_gap_fraction: 0.3
                  idle_baseline_s: 0.5
                  subtract_baseline: false
                  standby_s: 1.5
                  standby_min_samples: 10
                  stability: {relative_per_hour: 0.01, absolute_w_per_hour: 0.01}

            """
        try rules.write(
            toFile: (root as NSString).appendingPathComponent(RunRules.fileName), atomically: true, encoding: .utf8)
        return root
    }
}
