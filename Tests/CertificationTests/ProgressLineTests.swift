import Certification
import Foundation
import Harness
import Locking
import Metering
import TestSupport
import Testing

/// Progress for one device with an estimate of the least time left, from the minimum durations
/// the run rules fix in advance; the clock is injected.
@Suite("ProgressLine: elapsed time and the least time left")
struct ProgressLineTests {
    static func quickSchedule() throws -> (RunSchedule, Suite, ModeRules) {
        let suite = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("toy")
        let mode = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("quick")
        return (RunSchedule(suite: suite, mode: mode), suite, mode)
    }

    @Test("the schedule lists every workload's steps with the run rules' minimum durations")
    func schedule() throws {
        let (schedule, suite, mode) = try Self.quickSchedule()
        #expect(Set(schedule.steps.map(\.workload)) == Set(suite.workloads.map(\.id)))
        let singleStream = try #require(schedule.steps.first { $0.step == Scenario.singleStream.rawValue })
        #expect(singleStream.minimumSeconds >= mode.singleStream.minDurationS || mode.singleStream.stopWhenProven)
        let total = schedule.remaining(at: nil, inStep: 0)
        #expect(total == schedule.steps.reduce(0) { $0 + $1.minimumSeconds })
        #expect(total > 0)
    }

    @Test("the least time left falls as the run advances and time passes, never below zero")
    func remainingFalls() throws {
        let (schedule, _, _) = try Self.quickSchedule()
        let clock = Locked(100.0)
        let line = ProgressLine(schedule: schedule, now: { clock.withLock { $0 } })
        var previous = Double.infinity
        for step in schedule.steps {
            let progress = RunProgress(workload: step.workload, step: step.step, queries: 0)
            let atStart = schedule.remaining(at: progress, inStep: 0)
            #expect(atStart <= previous)
            #expect(schedule.remaining(at: progress, inStep: step.minimumSeconds + 5) == atStart - step.minimumSeconds)
            previous = atStart
        }
        let first = schedule.steps[0]
        var entry = CampaignBoard.Entry(device: "local", state: .running, progress: nil, note: nil)
        entry.progress = RunProgress(workload: first.workload, step: first.step, queries: 12)
        let total = schedule.remaining(at: entry.progress, inStep: 0)
        #expect(
            line.line(entry)
                == "local  running  \(first.workload)  \(first.step)  12 queries  elapsed 0:00, at least \(RunSchedule.clock(total)) left"
        )
        clock.withLock { $0 += 61 }
        let later = schedule.remaining(at: entry.progress, inStep: 61)
        #expect(line.line(entry).hasSuffix("elapsed 1:01, at least \(RunSchedule.clock(later)) left"))
    }

    @Test("clock text")
    func clockText() {
        #expect(RunSchedule.clock(0) == "0:00")
        #expect(RunSchedule.clock(65) == "1:05")
        #expect(RunSchedule.clock(3723) == "1:02:03")
    }
}
