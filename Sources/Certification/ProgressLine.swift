import Foundation
import Harness

/// Follows one device's progress and says how far it is and how long is left at the least,
/// from the ``RunSchedule``. The clock is injected so tests fix time.
public final class ProgressLine: @unchecked Sendable {
    private let schedule: RunSchedule
    private let now: @Sendable () -> Double
    private let lock = NSLock()
    private var current: (workload: String, step: String)?
    private var stepStarted: Double
    private let started: Double

    /// A line for a run following `schedule`; `now` gives seconds on a monotonic clock.
    public init(schedule: RunSchedule, now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }) {
        self.schedule = schedule
        self.now = now
        started = now()
        stepStarted = started
    }

    /// The line for `entry`: `local  running  mobilenet  single-stream  512 queries  elapsed 0:42, at least 3:10 left`.
    public func line(_ entry: CampaignBoard.Entry) -> String {
        let time = now()
        return lock.withLock {
            if let progress = entry.progress, current.map({ $0 != (progress.workload, progress.step) }) ?? true {
                current = (progress.workload, progress.step)
                stepStarted = time
            }
            var line = "\(entry.device)  \(entry.state.rawValue)"
            if let progress = entry.progress {
                line += "  \(progress.workload)  \(progress.step)  \(progress.queries) queries"
            }
            line += "  elapsed \(RunSchedule.clock(time - started))"
            if entry.state == .running || entry.state == .preparing {
                let left = schedule.remaining(at: entry.progress, inStep: time - stepStarted)
                line += ", at least \(RunSchedule.clock(left)) left"
            }
            if let note = entry.note { line += "  (\(note))" }
            return line
        }
    }
}
