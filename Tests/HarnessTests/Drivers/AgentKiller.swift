import Foundation
import Logging

@testable import Harness

#if canImport(Glibc)
import Glibc
#endif

/// Ends a device session from outside, once: kills (SIGKILL) the agent the driver started on the
/// "device" (this machine, behind sshd or the adb stand-in), found by its program path in the
/// driver's device folder, the first time the run reaches the chosen step.
final class AgentKiller: @unchecked Sendable {
    let program: String
    private let lock = NSLock()
    private var killed: Int32?

    /// `program`: the agent's path on the device (`<device folder>/aitc-agent`).
    init(program: String) { self.program = program }

    /// The pid that was killed, nil before.
    var victim: Int32? { lock.withLock { killed } }

    /// Kills the running agent if nothing was killed yet.
    func strike() {
        lock.withLock {
            guard killed == nil, let pid = Self.pid(of: program) else { return }
            if kill(pid, SIGKILL) == 0 { killed = pid }
        }
    }

    /// The process whose argv[0] is `program` (the test started it, through sshd or the stand-in).
    static func pid(of program: String) -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                let first = data.split(separator: 0, omittingEmptySubsequences: false).first
            else { continue }
            if String(decoding: first, as: UTF8.self) == program { return pid }
        }
        return nil
    }
}

extension AgentKiller {
    /// A run of the digits workloads on `driver` (which owns `deviceFolder`), with one re-run
    /// allowed, whose agent is killed when the second workload's timed run starts.
    static func runKilledOnce(
        _ driver: any DeviceDriver, deviceFolder: String
    ) throws -> (record: RunRecord, suite: Suite, killer: AgentKiller) {
        var mode = DriverFixtures.quick
        mode.outages = OutageRules(maxRetries: 1, reconnectWindowS: 60, reconnectIntervalS: 1)
        let suite = try DriverFixtures.digitsSuite()
        let second = suite.workloads.last?.id
        let killer = AgentKiller(program: "\(deviceFolder)/aitc-agent")
        let record = try CertificationRun(suite: suite, mode: mode, driver: driver, logger: Logger(label: "test")) {
            progress in
            if progress.workload == second && progress.step == Scenario.singleStream.rawValue { killer.strike() }
        }.execute()
        return (record, suite, killer)
    }
}
