import Crypto
import Foundation
import Harness

/// A unique per-run marker embedded in an input sample. The report names it only by its digest
/// and where it was planted — never by its bytes.
package struct Canary: Sendable, Equatable {
    /// The marker's bytes (16 or more, random).
    public let bytes: [UInt8]
    /// Where it was planted (`digits-cnn-fp32/input[sample 17]`).
    public let origin: String

    /// Creates a canary from known bytes (tests, or canaries recorded by a lab).
    public init(bytes: [UInt8], origin: String) {
        self.bytes = bytes
        self.origin = origin
    }

    /// A fresh random canary of `count` bytes. With `float32Safe`, each 4-byte little-endian word
    /// is a finite positive float in [2⁻⁷, 2) so a float input stays a sane number (26 random bits
    /// per word instead of 32).
    public static func random(count: Int = 16, float32Safe: Bool, origin: String) -> Canary {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if float32Safe {
            for word in stride(from: 3, to: count, by: 4) { bytes[word] = 0x3C | (bytes[word] & 0x03) }
        }
        return Canary(bytes: bytes, origin: origin)
    }

    /// The first 16 hex digits of the SHA-256 of the bytes: how the report names this canary.
    public var digest: String {
        SHA256.hash(data: Data(bytes)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// The byte patterns that reveal this canary, by encoding.
    public var patterns: [(encoding: CanaryEncoding, bytes: [UInt8])] {
        var result: [(CanaryEncoding, [UInt8])] = [(.raw, bytes)]
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        result.append((.hexLower, Array(hex.utf8)))
        result.append((.hexUpper, Array(hex.uppercased().utf8)))
        for shift in 0..<3 {
            let core = Self.base64Core(bytes, shift: shift)
            result.append((.base64, Array(core.utf8)))
            let url = core.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            if url != core { result.append((.base64URL, Array(url.utf8))) }
        }
        return result
    }

    /// The base64 characters that depend only on the canary when it starts `shift` bytes into a
    /// 3-byte group of a longer stream (every alignment of an embedded canary is covered).
    static func base64Core(_ bytes: [UInt8], shift: Int) -> String {
        let padded = [UInt8](repeating: 0, count: shift) + bytes
        let encoded = Data(padded).base64EncodedString()
        let completeGroups = padded.count / 3
        let first = shift == 0 ? 0 : 1
        guard completeGroups > first else { return encoded }
        let start = encoded.index(encoded.startIndex, offsetBy: first * 4)
        let end = encoded.index(encoded.startIndex, offsetBy: completeGroups * 4)
        return String(encoded[start..<end])
    }
}
