/// YAML fixtures for loader tests. Each line number that a test asserts is noted in a comment.
enum Fixtures {
    /// A valid standard with one clause `clauseID`; 20 lines, the clause starting on line 6.
    static func standard(id: String = "aitc-test", clauseID: String = "TST-01") -> String {
        """
        standard: \(id)
        family: latency
        version: 0.1.0
        title: Test standard
        clauses:
          - id: \(clauseID)
            title: A clause
            level: mandatory
            applies_to:
              device_classes: [smartphone, pc]
              workload_kinds: [vision-mobile]
            requirements:
              - metric: single_stream.p90_latency
                unit: ms
                comparison: "<="
                thresholds:
                  smartphone: 10
                  pc: 5
            method: SingleStream p90.
            source: proposed

        """
    }

    /// `standard(...)` with `original` replaced by `replacement` (which must occur exactly once).
    static func standard(replacing original: String, with replacement: String) -> String {
        let text = standard()
        precondition(text.components(separatedBy: original).count == 2, "fixture edit must match once: \(original)")
        return text.replacingOccurrences(of: original, with: replacement)
    }
}
