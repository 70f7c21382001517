import Foundation

/// RFC 3339 times as aitc reports write them (`2026-12-05T08:00:00.123Z`).
package enum Timestamp {
    /// `date` in UTC with milliseconds.
    package static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The time in `text`, with or without fractional seconds; `nil` if it is not RFC 3339.
    package static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
