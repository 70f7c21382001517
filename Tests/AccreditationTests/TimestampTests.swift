import Foundation
import Testing

@testable import Accreditation

/// The direct reading of aitc's own time form gives the formatter's `Date` bit for bit, and every
/// other text still goes to the formatter.
@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test("20,000 random times from 1970 to 2200, with and without milliseconds: the same Date as the formatter")
    func sameAsTheFormatter() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let milliseconds = Int64.random(in: 0..<7_258_118_400_000, using: &generator)
            var text = Timestamp.format(Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
            if round % 2 == 1 { text = String(text.prefix(19)) + "Z" }
            let direct = Timestamp.utcMilliseconds(text)
            let formatter = Timestamp.formatterParse(text)
            #expect(direct != nil, "\(text) is aitc's form")
            #expect(
                direct?.timeIntervalSinceReferenceDate.bitPattern
                    == formatter?.timeIntervalSinceReferenceDate.bitPattern, "\(text)")
        }
    }

    @Test(
        "other forms are left to the formatter, which decides",
        arguments: [
            "2026-02-29T00:00:00Z", "2024-02-29T12:00:00.500Z", "2026-12-05T24:00:00Z", "2026-12-05T23:59:60Z",
            "2026-12-05T08:00:00+01:00", "2026-12-05T08:00:00.1Z", "2026-12-05T08:00:00.123456Z",
            "2026-12-05 08:00:00Z", "2026-13-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-12-05t08:00:00z", "",
            "２０２６-12-05T08:00:00Z",
        ])
    func otherForms(text: String) {
        let valid = text == "2024-02-29T12:00:00.500Z"
        #expect((Timestamp.utcMilliseconds(text) != nil) == valid)
        #expect(
            Timestamp.parse(text)?.timeIntervalSinceReferenceDate.bitPattern
                == Timestamp.formatterParse(text)?.timeIntervalSinceReferenceDate.bitPattern)
    }
}
