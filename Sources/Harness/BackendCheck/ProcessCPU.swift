import Foundation

/// CPU time of each thread of a local process, from `/proc/PID/task/TID/stat` (Linux).
enum ProcessCPU {
    /// User + system seconds per thread id of `pid`, or nil when /proc does not say.
    static func threadSeconds(pid: Int32) -> [Int: Double]? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard ticks > 0 else { return nil }
        var out: [Int: Double] = [:]
        for task in tasks {
            guard let tid = Int(task),
                let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { continue }
            // after "(comm)": state is field 3; utime and stime are fields 14 and 15
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            out[tid] = (user + system) / ticks
        }
        return out
    }

    /// Threads that did a real share of the work between two readings: at least `share` of the CPU
    /// time all threads used, and at least two clock ticks. A machine busy with other processes
    /// slows every thread alike, so the count does not depend on the load (CPU over wall time would).
    static func busyThreads(
        before: [Int: Double], after: [Int: Double], share: Double = 0.1
    ) -> (busy: Int, total: Double) {
        let deltas = after.map { max(0, $0.value - (before[$0.key] ?? 0)) }
        let total = deltas.reduce(0, +)
        let tick = 1 / Double(sysconf(Int32(_SC_CLK_TCK)))
        return (deltas.filter { $0 >= max(share * total, 2 * tick) }.count, total)
    }
}
