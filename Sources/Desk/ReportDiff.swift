import Foundation

/// `aitc report diff A B`: what changed between two reports of the same suite (a maker comparing
/// two builds): decision, each row whose verdict or value moved, rows only in one of them.
public struct ReportDiff: Sendable {
    /// The earlier report.
    public let before: ReportDocument
    /// The later report.
    public let after: ReportDocument

    /// Creates a diff.
    public init(before: ReportDocument, after: ReportDocument) {
        self.before = before
        self.after = after
    }

    /// One line per difference; empty when the two reports agree on every row.
    public var lines: [String] {
        var out: [String] = []
        if before.text("suite", "id") != after.text("suite", "id")
            || before.text("suite", "version") != after.text("suite", "version")
        {
            out.append(
                "suite: \(before.text("suite", "id")) \(before.text("suite", "version")) → \(after.text("suite", "id")) \(after.text("suite", "version")) (rows may not correspond)"
            )
        }
        if before.text("decision") != after.text("decision") {
            out.append("decision: \(before.text("decision")) → \(after.text("decision"))")
        }
        let old = Dictionary(before.rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for row in before.rows where new[row.key] == nil {
            out.append("\(row.key): only in the first report (\(row.verdict))")
        }
        for row in after.rows {
            guard let previous = old[row.key] else {
                out.append("\(row.key): only in the second report (\(row.verdict))")
                continue
            }
            var change: [String] = []
            if previous.verdict != row.verdict { change.append("\(previous.verdict) → \(row.verdict)") }
            if previous.value != row.value {
                var text = "\(previous.valueText) → \(row.valueText)"
                if let a = previous.value, let b = row.value, a != 0 {
                    text += String(format: " (%+.1f%%)", (b - a) / abs(a) * 100)
                }
                change.append(text)
            }
            if !change.isEmpty { out.append("\(row.key): \(change.joined(separator: ", "))") }
        }
        return out
    }
}
