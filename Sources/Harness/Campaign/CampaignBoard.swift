import Foundation
import Locking
import Metering

/// The live state of every device in a campaign, safe to update from the device threads and to
/// read from a display thread.
public final class CampaignBoard: Sendable {
    /// One device's line.
    public struct Entry: Sendable, Equatable {
        /// The device as `--device` named it.
        public let device: String
        /// Where its run stands (preparing, running, complete, incomplete).
        public var state: DeviceState
        /// The step it is in and the queries answered so far, while it runs.
        public var progress: RunProgress?
        /// A short sentence about its outcome, when it ended.
        public var note: String?

        /// A device's line: its state, where its run is, and a note (why it is incomplete).
        public init(device: String, state: DeviceState, progress: RunProgress? = nil, note: String? = nil) {
            self.device = device
            self.state = state
            self.progress = progress
            self.note = note
        }
    }

    private let entries: Locked<[Entry]>

    /// A board listing `devices` in order, all preparing.
    public init(devices: [String]) {
        entries = Locked(devices.map { Entry(device: $0, state: .preparing) })
    }

    /// Every device's entry, in campaign order.
    public var snapshot: [Entry] {
        entries.withLock { $0 }
    }

    func update(_ index: Int, _ change: (inout Entry) -> Void) {
        entries.withLock { change(&$0[index]) }
    }

    /// One line per device: `tcp://127.0.0.1:7000  running  vision-mobile-int8  single-stream  1536 queries`.
    public func lines() -> [String] {
        let current = snapshot
        let width = current.map(\.device.count).max() ?? 0
        return current.map { entry in
            var line =
                entry.device.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + entry.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            if let progress = entry.progress {
                line += "  \(progress.workload)  \(progress.step)  \(progress.queries) queries"
            }
            if let note = entry.note { line += "  (\(note))" }
            return line
        }
    }
}
