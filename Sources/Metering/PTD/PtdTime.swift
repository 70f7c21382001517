/// Parses PTDaemon log time stamps.
enum PtdTime {
    /// Nanoseconds since 1970 of a stamp `MM-DD-YYYY HH:MM:SS.fff` read as UTC (PTDaemon writes its
    /// host's local time, so the lab runs it with TZ=UTC as MLPerf does; any offset left, time zone
    /// included, is measured at identify and removed), or of a plain number of seconds.
    static func nanoseconds(_ text: String) -> Int64? {
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return Int64((seconds * 1e9).rounded()) }
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let clock = parts[1].split(separator: ":")
        guard date.count == 3, clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]),
            let second = Double(clock[2]), (1...12).contains(date[0]), (1...31).contains(date[1]),
            (0..<24).contains(hour), (0..<60).contains(minute), second >= 0, second < 61
        else { return nil }
        let days = daysFromCivil(year: date[2], month: date[0], day: date[1])
        let wholeSeconds = Int64(days) * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60
        return wholeSeconds * 1_000_000_000 + Int64((second * 1e9).rounded())
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
