import Crypto
import Foundation
import Harness

/// A run of bytes of one sample the privacy session fed the device, looked for in its traffic and
/// storage. Drawn from the data's own distribution (``CanaryEmbedder``), or a run of a real sample
/// when the sample itself is the secret (the timed run). The report names it only by its keyed
/// digest and where it was planted — never by its bytes.
package struct Canary: Sendable, Equatable {
    /// The bytes (16 or more).
    package let bytes: [UInt8]
    /// Where it was planted (`digits-cnn-fp32/input[sample 17] elements 20…39`).
    package let origin: String
    /// How the report names it: the first 16 hex digits of HMAC-SHA256(audit key, bytes), or of
    /// SHA-256 when no key was given. With a key kept by the harness, a reader of the report
    /// cannot confirm a guess of the bytes.
    package let digest: String
    /// Bytes per element of the array it came from (for the byte-swapped encoding).
    package let elementSize: Int
    /// Whether the elements are float32 (for the widened float64 encoding).
    package let float32: Bool

    /// Creates a canary from known bytes (tests, or canaries recorded by a lab).
    package init(bytes: [UInt8], origin: String, key: [UInt8]? = nil, elementSize: Int = 1, float32: Bool = false) {
        self.bytes = bytes
        self.origin = origin
        self.elementSize = max(1, elementSize)
        self.float32 = float32 && elementSize == 4
        let full: [UInt8]
        if let key {
            full = Array(HMAC<SHA256>.authenticationCode(for: bytes, using: SymmetricKey(data: key)))
        } else {
            full = Array(SHA256.hash(data: Data(bytes)))
        }
        digest = full.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A fresh random canary of `count` bytes. With `float32Safe`, each 4-byte little-endian word
    /// is a finite positive float in [2⁻⁷, 2) (the pattern the earlier canaries had: recognisable,
    /// kept for tests of the search only).
    package static func random(count: Int = 16, float32Safe: Bool, origin: String) -> Canary {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        if float32Safe {
            for word in stride(from: 3, to: count, by: 4) { bytes[word] = 0x3C | (bytes[word] & 0x03) }
        }
        return Canary(bytes: bytes, origin: origin, elementSize: float32Safe ? 4 : 1, float32: float32Safe)
    }

    /// The byte patterns that reveal this canary, by encoding (Docs/privacy.md lists them).
    package var patterns: [(encoding: CanaryEncoding, bytes: [UInt8])] {
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
        if elementSize > 1, bytes.count % elementSize == 0 {
            let swapped = stride(from: 0, to: bytes.count, by: elementSize).flatMap {
                bytes[$0..<$0 + elementSize].reversed()
            }
            if swapped != bytes { result.append((.byteSwapped, swapped)) }
        }
        if float32, bytes.count % 4 == 0 {
            let widened = stride(from: 0, to: bytes.count, by: 4).flatMap { at -> [UInt8] in
                let bits =
                    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3])
                    << 24
                let wide = Double(Float(bitPattern: bits)).bitPattern
                return (0..<8).map { UInt8(truncatingIfNeeded: wide >> (8 * $0)) }
            }
            result.append((.float64, widened))
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
