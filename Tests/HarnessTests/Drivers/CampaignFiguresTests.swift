import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// The issue's end-to-end check, on demand (minutes, most of it under qemu): the smartphone suite
/// in quick mode on local, tcp://127.0.0.1 and qemu:aarch64 in one campaign. Prints per-device
/// figures. Run with AITC_CAMPAIGN_FIGURES=1, or AITC_CAMPAIGN_FIGURES=PREFIX for the workloads
/// whose id starts with PREFIX.
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["AITC_CAMPAIGN_FIGURES"] != nil && DriverFixtures.qemuAvailable))
struct CampaignFiguresTests {
    @Test func smartphoneSuiteOnThreeDevices() throws {
        let full = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        let prefix = ProcessInfo.processInfo.environment["AITC_CAMPAIGN_FIGURES"] ?? "1"
        let suite = Suite(
            id: full.id, version: full.version, title: full.title, deviceClass: full.deviceClass, clauses: full.clauses,
            workloads: prefix == "1" ? full.workloads : full.workloads.filter { $0.id.hasPrefix(prefix) },
            path: full.path,
            sha256: full.sha256)
        let mode = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("quick")
        let agent = try ListeningAgent()
        let tcp = DeviceSpec.tcp(host: "127.0.0.1", port: agent.port)
        let token = agent.token
        let campaign = Campaign(
            suite: suite, mode: mode, devices: [.local, tcp, .qemu(arch: "aarch64")], logger: Logger(label: "figures"),
            makeDriver: { spec throws(AgentError) in
                if case .tcp(let host, let port, _, _) = spec { return TCPDriver(host: host, port: port, token: token) }
                return try DriverFactory.driver(for: spec, root: ProjectRoot.path)
            })
        let board = CampaignBoard(devices: campaign.devices.map(\.description))
        let started = Date()
        let outcomes = try campaign.execute(board: board)
        print("campaign wall time \(Int(Date().timeIntervalSince(started))) s")
        for outcome in outcomes {
            #expect(outcome.record.complete, "\(outcome.spec): \(outcome.record.incompleteReason ?? "")")
            for workload in outcome.record.workloads {
                let gates = workload.accuracy?.gates.map { "\($0.metric)=\(String(format: "%.4f", $0.value))" } ?? []
                let figures = workload.scenarios.map { result -> String in
                    let p90 = result.earlyStopping?.estimateNs.map { String(format: "%.3f", Double($0) / 1e6) } ?? "-"
                    return
                        "\(result.scenario.rawValue): q=\(result.queries) p90=\(p90)ms sps=\(String(format: "%.1f", result.throughputSps ?? 0))"
                }
                print(
                    "FIGURES \(outcome.spec) \(workload.id) \(gates.joined(separator: " ")) \(figures.joined(separator: " "))"
                )
            }
        }
    }
}
