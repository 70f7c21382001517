import ArgumentParser
import Certification
import Foundation
import Harness
import Metering

/// `aitc meters list`: sysfs sources of this host (MeterCatalog) and what the local agent's
/// `energy` op reads — the names `--meter device:NAME` takes.
struct MetersList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List this host's power/energy sources and the local agent's on-device meters.")

    @Option(help: "The sysfs directory to scan (default /sys, or $AITC_SYSFS_ROOT).")
    var sysfs: String?

    func run() throws {
        let root = sysfs ?? ProcessInfo.processInfo.environment["AITC_SYSFS_ROOT"] ?? "/sys"
        let sources = MeterCatalog(root: root).list()
        print("host sources under \(root):")
        if sources.isEmpty { print("  none (no powercap, hwmon power/energy or power_supply readings)") }
        for source in sources {
            let range = source.maxRangeMicrojoules.map { ", wraps at \($0) uJ" } ?? ""
            print(
                "  \(source.name)  [\(source.kind.rawValue)\(range)]  \(source.readable ? "readable" : "NOT readable by this user")"
            )
        }
        print("local agent (--meter device:NAME):")
        do {
            var environment = ProcessInfo.processInfo.environment
            environment["AITC_SYSFS_ROOT"] = root
            let client = AgentClient(
                transport: try ProcessTransport(executable: try AgentLocator.hostAgent(), environment: environment))
            defer { client.bye() }
            _ = try client.hello()
            let reading = try client.energy()
            if reading == nil { print("  none readable (RAPL energy_uj is often root-only)") }
            for source in reading?.sources ?? [] {
                let range = source.max.map { ", wraps at \(Int64($0)) uJ" } ?? ""
                print("  device:\(source.name)  [\(source.kind)\(range)]  now \(Int64(source.value))")
            }
        } catch {
            print("  the local agent could not be asked: \(ErrorSentence.sentence(for: error))")
        }
        print(
            "external instruments: --meter scpi://HOST:PORT?preset=yokogawa-wt|keysight-n6705|generic, --meter ptd://HOST:8888 (Docs/metering.md)"
        )
    }
}
