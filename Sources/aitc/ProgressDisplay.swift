import Certification
import Foundation
import Harness
import Locking
import Metering

/// Prints every device's workload, step, query count, elapsed time and the least time left to
/// standard error every two seconds while a campaign runs (one device included).
final class ProgressDisplay: Sendable {
    private let board: CampaignBoard
    private let lines: [ProgressLine]
    private let running = Locked(false)

    init(board: CampaignBoard, schedule: RunSchedule) {
        self.board = board
        lines = board.snapshot.map { _ in ProgressLine(schedule: schedule) }
    }

    func start() {
        running.withLock { $0 = true }
        let thread = Thread { [self] in
            while running.withLock({ $0 }) {
                let text = zip(board.snapshot, lines).map { "  " + $1.line($0) }.joined(separator: "\n")
                printError(text)
                Thread.sleep(forTimeInterval: 2)
            }
        }
        thread.start()
    }

    func stop() {
        running.withLock { $0 = false }
    }
}
