import Metering

/// Formats a local-as-UTC wall time the way PTDaemon logs it: `MM-DD-YYYY HH:MM:SS.fff`.
package enum WallClockText {
    package static func format(nanoseconds: Int64) -> String {
        let milliseconds = nanoseconds / 1_000_000
        let days = Int(milliseconds / 86_400_000)
        let inDay = Int(milliseconds % 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let pad2 = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        let ms = inDay % 1000
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return
            "\(pad2(month))-\(pad2(day))-\(year) \(pad2(inDay / 3_600_000)):\(pad2(inDay / 60_000 % 60)):\(pad2(inDay / 1000 % 60)).\(msText)"
    }

    /// Inverse of `PtdTime.daysFromCivil` (H. Hinnant's algorithm).
    package static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
