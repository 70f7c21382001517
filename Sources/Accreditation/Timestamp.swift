import Foundation
import Locking

/// RFC 3339 times as aitc reports write them (`2026-12-05T08:00:00.123Z`).
package enum Timestamp {
    /// The formatters, made once: making an `ISO8601DateFormatter` (an ICU date format) cost more
    /// than a publish's JSON parse. A formatter is not safe to use from two threads at once, so
    /// each use holds the lock (a few microseconds).
    private static let formatters = Locked(Formatters())

    private struct Formatters {
        let fractional: ISO8601DateFormatter
        let whole: ISO8601DateFormatter

        init() {
            fractional = ISO8601DateFormatter()
            fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            whole = ISO8601DateFormatter()
            whole.formatOptions = [.withInternetDateTime]
        }
    }

    /// `date` in UTC with milliseconds.
    package static func format(_ date: Date) -> String {
        formatters.withLock { $0.fractional.string(from: date) }
    }

    /// The time in `text`, with or without fractional seconds; `nil` if it is not RFC 3339.
    package static func parse(_ text: String) -> Date? {
        formatters.withLock { $0.fractional.date(from: text) ?? $0.whole.date(from: text) }
    }
}
