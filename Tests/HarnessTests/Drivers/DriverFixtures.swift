import ChildProcesses
import Foundation
import TestSupport

@testable import Harness

/// Shared inputs of the driver tests: a short mode, the digits workloads, fixture paths.
enum DriverFixtures {
    /// Short enough for tests, long enough for a valid early-stopping estimate.
    static let quick = ModeRules(
        name: "test", description: "short driver test run",
        singleStream: .init(minQueries: 100, minDurationS: 0.2, maxDurationS: 5),
        offline: .init(minSamples: 128, minDurationS: 0.1), cooldownS: 0, seed: 7)

    /// The smartphone suite cut down to its digits workloads (fast under qemu too).
    static func digitsSuite() throws -> Suite {
        let suite = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("smartphone")
        return Suite(
            id: suite.id, version: suite.version, title: suite.title, deviceClass: suite.deviceClass,
            clauses: suite.clauses, workloads: suite.workloads.filter { $0.id.hasPrefix("digits") }, path: suite.path,
            sha256: suite.sha256)
    }

    /// `Tests/Fixtures/<relative>`.
    static func fixture(_ relative: String) -> String {
        "\(ProjectRoot.path)/Tests/Fixtures/\(relative)"
    }

    /// This process's environment plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.merging(extra) { $1 }
    }

    /// Debian's adb client, when installed (Tools/bootstrap.sh).
    static let adb = ProgramLookup.find("adb", path: ProcessInfo.processInfo.environment["PATH"])

    /// Whether the qemu driver can run here (cross compiler, json-c and qemu-user installed by
    /// Tools/cross/setup.sh).
    static var qemuAvailable: Bool {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: "/usr/bin/qemu-aarch64")
            && fm.isExecutableFile(atPath: "/usr/bin/aarch64-linux-gnu-gcc")
            && fm.fileExists(atPath: "/usr/lib/aarch64-linux-gnu/libjson-c.so")
    }
}
