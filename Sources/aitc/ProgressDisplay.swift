import Foundation
import Harness

/// Prints every device's workload, scenario and query count to standard error every two seconds
/// while a campaign runs.
final class ProgressDisplay: @unchecked Sendable {
    private let board: CampaignBoard
    private let enabled: Bool
    private let lock = NSLock()
    private var running = false

    init(board: CampaignBoard, enabled: Bool) {
        self.board = board
        self.enabled = enabled
    }

    func start() {
        guard enabled else { return }
        lock.withLock { running = true }
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                printError(board.lines().map { "  " + $0 }.joined(separator: "\n"))
                Thread.sleep(forTimeInterval: 2)
            }
        }
        thread.start()
    }

    func stop() {
        lock.withLock { running = false }
    }
}
