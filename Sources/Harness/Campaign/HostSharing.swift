import ChildProcesses
import Foundation

/// Which devices of a campaign run on the harness machine's own CPUs, and what is done about it:
/// agents the harness starts itself (local, qemu) are pinned to disjoint CPUs when there are enough
/// (`threads` each); otherwise every such device's report says the host was shared, and with what.
package struct HostSharing: Sendable, Equatable {
    /// What happens to one device.
    package enum Placement: Sendable, Equatable {
        /// Not on the harness's CPUs (a phone, a board), or alone there.
        case separate
        /// Its agent runs on these CPUs only, which no other device of the campaign uses.
        case pinned([Int])
        /// It shares the harness's CPUs with these devices (specs), unpinned.
        case shared(with: [String], why: String)
    }

    package let placements: [Placement]

    /// The plan for `devices`, each run with `threads` threads, on a harness allowed `cpus`.
    package init(devices: [DeviceSpec], threads: Int, cpus: [Int] = HostSharing.allowedCPUs()) {
        let onHost = devices.indices.filter { Self.runsOnHarnessHost(devices[$0]) }
        guard onHost.count > 1 else {
            placements = devices.map { _ in .separate }
            return
        }
        let pinnable = onHost.allSatisfy { Self.startedByHarness(devices[$0]) }
        let needed = onHost.count * max(1, threads)
        var plan = [Placement](repeating: .separate, count: devices.count)
        if pinnable && cpus.count >= needed {
            for (slot, index) in onHost.enumerated() {
                plan[index] = .pinned(Array(cpus[(slot * max(1, threads))..<((slot + 1) * max(1, threads))]))
            }
        } else {
            let why =
                pinnable
                ? "\(needed) CPUs needed to pin \(onHost.count) devices at \(threads) thread(s) each, \(cpus.count) available"
                : "an agent the harness did not start (tcp or ssh over loopback) cannot be pinned"
            for index in onHost {
                plan[index] = .shared(with: onHost.filter { $0 != index }.map { devices[$0].description }, why: why)
            }
        }
        placements = plan
    }

    /// Whether any device shares the harness's CPUs unpinned.
    package var anyShared: Bool {
        placements.contains { if case .shared = $0 { return true } else { return false } }
    }

    /// The sentence a report carries for `placement`, nil for `.separate`.
    package static func note(_ placement: Placement) -> String? {
        switch placement {
        case .separate: return nil
        case .pinned(let cpus):
            return
                "pinned to CPUs \(cpus.map(String.init).joined(separator: ",")), disjoint from the campaign's other devices on this host"
        case .shared(let others, let why):
            return
                "the harness host's CPUs were shared with \(others.joined(separator: ", ")) during this run (\(why)): "
                + "its timing figures are figures under that load"
        }
    }

    /// local and qemu agents run on the harness machine; so do tcp and ssh agents on loopback.
    static func runsOnHarnessHost(_ spec: DeviceSpec) -> Bool {
        switch spec {
        case .local, .qemu: return true
        case .tcp(let host, _, _, _): return isLoopback(host)
        case .ssh(let destination):
            let host =
                destination.split(separator: "@").last.map { $0.split(separator: ":").first.map(String.init) ?? "" }
                ?? ""
            return isLoopback(host)
        case .adb: return false
        }
    }

    /// Agents the harness starts as its own children (and can therefore place on CPUs).
    static func startedByHarness(_ spec: DeviceSpec) -> Bool {
        switch spec {
        case .local, .qemu: return true
        default: return false
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The CPUs the harness may run on.
    package static func allowedCPUs() -> [Int] { CPUAffinity.allowed() }

    /// Restricts the calling thread (and so every child it starts from now on) to `cpus`.
    static func pinCallingThread(to cpus: [Int]) -> Bool { CPUAffinity.pinCallingThread(to: cpus) }
}
