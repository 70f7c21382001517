import Foundation
import Harness

/// The steps of one device's run in order, each with the shortest time the run rules allow it
/// (minimum durations are known before the run), for a progress line with an estimate of what is
/// left. The estimate is a lower bound: a step lasts at least its minimum.
public struct RunSchedule: Sendable, Equatable {
    /// One step: a workload's quality pass, scenario, audits or generation.
    public struct Step: Sendable, Equatable {
        /// The workload's id in the suite.
        public let workload: String
        /// As in ``RunProgress/step``: `quality`, a scenario's name, `audits`, `generate`.
        public let step: String
        /// The least time the run rules allow it, in seconds.
        public let minimumSeconds: Double
    }

    /// Every step, in run order.
    public let steps: [Step]

    /// The schedule of `suite` under `mode`.
    public init(suite: Suite, mode: ModeRules) {
        var steps: [Step] = []
        for (index, workload) in suite.workloads.enumerated() {
            let lead = (index > 0 ? mode.cooldownS : 0) + (mode.energy?.idleBaselineS ?? 0)
            if workload.llm != nil {
                steps.append(
                    Step(workload: workload.id, step: "generate", minimumSeconds: lead + (mode.llm?.minDurationS ?? 0)))
                continue
            }
            steps.append(Step(workload: workload.id, step: "quality", minimumSeconds: lead))
            for scenario in workload.scenarios {
                steps.append(
                    Step(workload: workload.id, step: scenario.rawValue, minimumSeconds: Self.minimum(scenario, mode)))
            }
            if mode.audits != nil, workload.scenarios.contains(.singleStream) {
                steps.append(Step(workload: workload.id, step: "audits", minimumSeconds: 0))
            }
        }
        self.steps = steps
    }

    static func minimum(_ scenario: Scenario, _ mode: ModeRules) -> Double {
        switch scenario {
        case .singleStream:
            let timed =
                mode.singleStream.stopWhenProven
                ? 0 : mode.singleStream.minDurationS * Double(mode.singleStream.repeats)
            return max(timed, mode.sustained?.minDurationS ?? 0)
        case .multiStream: return mode.multiStream?.minDurationS ?? 0
        case .offline: return mode.offline.minDurationS
        case .server: return (mode.server?.minDurationS ?? 0) * Double(mode.server?.searchSteps ?? 0)
        case .alwaysOn: return mode.energy?.standbyS ?? 10
        }
    }

    /// The least time left when `progress` is the current step and it began `inStep` seconds ago.
    public func remaining(at progress: RunProgress?, inStep: Double) -> Double {
        guard let progress,
            let index = steps.firstIndex(where: { $0.workload == progress.workload && $0.step == progress.step })
        else { return steps.reduce(0) { $0 + $1.minimumSeconds } }
        let later = steps[(index + 1)...].reduce(0) { $0 + $1.minimumSeconds }
        return later + max(0, steps[index].minimumSeconds - inStep)
    }

    /// `1:05`, `12:00`, `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, secs) = (total / 3600, (total % 3600) / 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, secs) : String(format: "%d:%02d", minutes, secs)
    }
}
