import Foundation

/// The live state of every device in a campaign, safe to update from the device threads and to
/// read from a display thread.
public final class CampaignBoard: @unchecked Sendable {
    /// One device's line.
    public struct Entry: Sendable, Equatable {
        public let device: String
        public var state: DeviceState
        public var progress: RunProgress?
        public var note: String?
    }

    private let lock = NSLock()
    private var entries: [Entry]

    /// A board listing `devices` in order, all preparing.
    public init(devices: [String]) {
        entries = devices.map { Entry(device: $0, state: .preparing) }
    }

    /// Every device's entry, in campaign order.
    public var snapshot: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    func update(_ index: Int, _ change: (inout Entry) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&entries[index])
    }

    /// One line per device: `tcp://127.0.0.1:7000  running  vision-mobile-int8  single-stream  1536 queries`.
    public func lines() -> [String] {
        let current = snapshot
        let width = current.map(\.device.count).max() ?? 0
        return current.map { entry in
            var line = entry.device.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + entry.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            if let progress = entry.progress {
                line += "  \(progress.workload)  \(progress.step)  \(progress.queries) queries"
            }
            if let note = entry.note { line += "  (\(note))" }
            return line
        }
    }
}
