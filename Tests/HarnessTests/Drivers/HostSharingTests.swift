import Foundation
import Logging
import TestSupport
import Testing

@testable import Harness

/// Campaign devices on the harness's own CPUs: pinned apart when there are enough CPUs, otherwise
/// each report says the host was shared, and certification refuses to time them together.
struct HostSharingTests {
    @Test func devicesTheHarnessStartsArePinnedToDisjointCPUsWhenThereAreEnough() {
        let plan = HostSharing(
            devices: [.local, .qemu(arch: "aarch64"), .adb(serial: "phone")], threads: 2, cpus: [0, 1, 2, 3, 4])
        #expect(plan.placements == [.pinned([0, 1]), .pinned([2, 3]), .separate])
        #expect(!plan.anyShared)
    }

    @Test func tooFewCPUsOrALoopbackAgentMeansSharedAndSaidSo() throws {
        let few = HostSharing(devices: [.local, .qemu(arch: "aarch64")], threads: 2, cpus: [0, 1])
        #expect(few.anyShared)
        let note = try #require(HostSharing.note(few.placements[0]))
        #expect(note.contains("shared with qemu:aarch64") && note.contains("4 CPUs needed"))
        let loopback = HostSharing(
            devices: [.local, .tcp(host: "127.0.0.1", port: 7000)], threads: 1, cpus: [0, 1, 2, 3])
        #expect(loopback.anyShared, "the tcp agent was started by someone else: it cannot be pinned")
        let remote = HostSharing(
            devices: [.local, .tcp(host: "10.0.0.7", port: 7000), .ssh(destination: "pi@10.0.0.8")], threads: 1,
            cpus: [0])
        #expect(remote.placements == [.separate, .separate, .separate])
        #expect(HostSharing.runsOnHarnessHost(.ssh(destination: "root@127.0.0.1:2222")))
    }

    @Test func aCampaignRecordsThePlacementInEveryReport() throws {
        let cpus = HostSharing.allowedCPUs()
        let campaign = Campaign(
            suite: try DriverFixtures.digitsSuite(), mode: DriverFixtures.quick, devices: [.local, .local],
            logger: Logger(label: "test"))
        let outcomes = try campaign.execute()
        for outcome in outcomes {
            #expect(outcome.record.complete, "\(outcome.record.incompleteReason ?? "")")
            let note = try #require(outcome.identity?.hostSharing)
            #expect(
                note.hasPrefix(cpus.count >= 2 ? "pinned to CPUs" : "the harness host's CPUs were shared"), "\(note)")
        }
        if cpus.count >= 2 {
            #expect(outcomes[0].identity?.hostSharing != outcomes[1].identity?.hostSharing, "disjoint CPUs")
        }
    }

    @Test func certificationRefusesConcurrentTimingOnASharedHost() throws {
        var mode = DriverFixtures.quick
        mode.hostSharing = .refuse
        let campaign = Campaign(
            suite: try DriverFixtures.digitsSuite(), mode: mode, devices: [.local, .local], threads: 4096,
            logger: Logger(label: "test"),
            makeDriver: { spec throws(AgentError) in
                Issue.record("no device may be touched")
                return try DriverFactory.driver(for: spec)
            })
        #expect {
            _ = try campaign.execute()
        } throws: { error in
            ((error as? HarnessError)?.message ?? "").contains("does not time devices that share the harness's CPUs")
        }
        let rules = try RunRules.load(path: ProjectRoot.layout.runRulesPath)
        #expect(rules.modes["certification"]?.hostSharing == .refuse)
        #expect(rules.modes["quick"]?.hostSharing == nil)
    }
}
