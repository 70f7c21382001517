import Foundation
import Harness
import Locking
import Metering

/// Follows one device's progress and says how far it is and how long is left at the least,
/// from the ``RunSchedule``. The clock is injected so tests fix time.
public final class ProgressLine: Sendable {
    private let schedule: RunSchedule
    private let now: @Sendable () -> Double
    /// The step being followed and when it began.
    private let current: Locked<(step: RunProgress?, started: Double)>
    private let started: Double

    /// A line for a run following `schedule`; `now` gives seconds on a monotonic clock.
    public init(schedule: RunSchedule, now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime })
    {
        self.schedule = schedule
        self.now = now
        started = now()
        current = Locked((nil, started))
    }

    /// The line for `entry`: `local  running  mobilenet  single-stream  512 queries  elapsed 0:42, at least 3:10 left`.
    public func line(_ entry: CampaignBoard.Entry) -> String {
        let time = now()
        let stepStarted = current.withLock { current in
            if let progress = entry.progress,
                current.step.map({ $0.workload != progress.workload || $0.step != progress.step }) ?? true
            {
                current = (progress, time)
            }
            return current.started
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
