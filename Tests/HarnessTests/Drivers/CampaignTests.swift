import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Several devices at once: one record each; one device lost never stops the others.
struct CampaignTests {
    @Test func killedTcpAgentLeavesTheLocalRunComplete() throws {
        let agent = try ListeningAgent()
        let mode = ModeRules(
            name: "test", description: "long enough to be killed",
            singleStream: .init(minQueries: 100, minDurationS: 4, maxDurationS: 10),
            offline: .init(minSamples: 128, minDurationS: 0.1), cooldownS: 0, seed: 3)
        let tcp = DeviceSpec.tcp(host: "127.0.0.1", port: agent.port)
        let token = agent.token
        let campaign = Campaign(
            suite: try DriverFixtures.digitsSuite(), mode: mode, devices: [.local, tcp, .adb(serial: "absent")],
            logger: Logger(label: "test"),
            makeDriver: { spec throws(AgentError) in
                switch spec {
                case .tcp(let host, let port, _, _): return TCPDriver(host: host, port: port, token: token)
                case .adb: throw AgentError(.unreachable, "no such phone")
                default: return try DriverFactory.driver(for: spec)
                }
            })
        let board = CampaignBoard(devices: campaign.devices.map(\.description))
        DispatchQueue.global().asyncAfter(deadline: .now() + 2.5) { agent.kill() }
        let outcomes = try campaign.execute(board: board)
        #expect(outcomes.map(\.spec) == [.local, tcp, .adb(serial: "absent")])
        #expect(outcomes[0].record.complete, "\(outcomes[0].record.incompleteReason ?? "")")
        #expect(outcomes[0].record.workloads.count == 2)
        #expect(!outcomes[1].record.complete)
        #expect(
            outcomes[1].record.incompleteReason?.contains("device lost") == true,
            "\(outcomes[1].record.incompleteReason ?? "")")
        #expect(!outcomes[2].record.complete && outcomes[2].identity == nil)
        let states = board.snapshot.map(\.state)
        #expect(states == [.complete, .incomplete, .incomplete])
        #expect(board.snapshot[0].progress?.workload == "digits-cnn-int8")
        #expect(board.lines().count == 3)
    }

    @Test(.enabled(if: DriverFixtures.qemuAvailable, "needs Tools/cross/setup.sh"))
    func localTcpAndQemuInOneCampaign() throws {
        let agent = try ListeningAgent()
        let tcp = DeviceSpec.tcp(host: "127.0.0.1", port: agent.port)
        let token = agent.token
        let campaign = Campaign(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick,
            devices: [.local, tcp, .qemu(arch: "aarch64")],
            logger: Logger(label: "test"),
            makeDriver: { spec throws(AgentError) in
                if case .tcp(let host, let port, _, _) = spec { return TCPDriver(host: host, port: port, token: token) }
                return try DriverFactory.driver(for: spec, root: ProjectRoot.path)
            })
        let outcomes = try campaign.execute()
        #expect(outcomes.count == 3)
        for outcome in outcomes {
            #expect(outcome.record.complete, "\(outcome.spec): \(outcome.record.incompleteReason ?? "")")
        }
        #expect(outcomes[2].record.emulated && outcomes[2].identity?.transport == "qemu-user")
        #expect(outcomes[2].record.deviceInfo?.arch == "aarch64")
    }
}
