import Foundation
import Locking

/// RFC 3339 times as aitc reports write them (`2026-12-05T08:00:00.123Z`).
package enum Timestamp {
    /// The formatters, made once: making an `ISO8601DateFormatter` (an ICU date format) cost more
    /// than a publish's JSON parse. A formatter is not safe to use from two threads at once, so
    /// each use holds the lock.
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
    ///
    /// The form aitc writes (`YYYY-MM-DDTHH:MM:SSZ`, optionally `.mmm` before the `Z`, a real
    /// calendar date) is read directly, to the same `Date` bit for bit as the formatter gives
    /// (`TimestampTests` compares them); any other text goes to the formatter.
    package static func parse(_ text: String) -> Date? {
        if let date = utcMilliseconds(text) { return date }
        return formatterParse(text)
    }

    /// The formatter's reading (fractional seconds first, then without).
    static func formatterParse(_ text: String) -> Date? {
        formatters.withLock { $0.fractional.date(from: text) ?? $0.whole.date(from: text) }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` for years 1970…9999, or `nil` for anything else.
    static func utcMilliseconds(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes[bytes.count - 1] == UInt8(ascii: "Z"),
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            year >= 1970, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var milliseconds = 0
        if bytes.count == 24 {
            guard bytes[19] == UInt8(ascii: "."), let fraction = number(20..<23) else { return nil }
            milliseconds = fraction
        }
        let seconds = daysFrom1970(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
        // As the formatter computes it: ICU's milliseconds since 1970, then Foundation's reference date.
        return Date(
            timeIntervalSinceReferenceDate: Double(seconds * 1_000 + milliseconds) / 1_000.0 - 978_307_200.0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func daysFrom1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
