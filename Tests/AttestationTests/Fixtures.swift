import Foundation

/// Shared test inputs.
enum Fixtures {
    /// A small report in non-canonical formatting, with the largest safe integer (2^53−1) and a float.
    static let report = Data(
        """
        {
          "reportId": "R-0001",
          "decision": "conformant",
          "device": {"model": "Phone X", "maker": "Ünïcode GmbH"},
          "queries": 9007199254740991,
          "latencyMs": 12.50,
          "clauses": [{"id": "LAT-1", "verdict": "pass"}, {"id": "PRIV-2", "verdict": "not-applicable"}]
        }
        """.utf8)

    /// Bytes of a hex string (test vectors).
    static func bytes(_ hex: String) -> Data {
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            data.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return data
    }
}
