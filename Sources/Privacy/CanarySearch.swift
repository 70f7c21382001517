#if canImport(Glibc)
import Glibc
import Harness
#endif

/// Finds canaries, plain or encoded, in byte buffers: every pattern of every canary in one pass
/// over the buffer (thousands of canaries: one per piece of every sample).
///
/// Each pattern is indexed by 8 of its bytes (the 8 with the most distinct values, so runs of
/// zero bytes in the data do not make every offset a candidate); a candidate is confirmed with a
/// full comparison.
package struct CanarySearch: Sendable {
    /// The canaries to look for.
    package let canaries: [Canary]
    private let patterns: [Pattern]
    private let index: [UInt64: [Int]]
    /// One bit per value of a key's first two bytes: most offsets are rejected without a lookup.
    private let firstTwo: [UInt64]
    /// At most this many hits per call (the clauses count hits; the evidence shows a few).
    package var maximumHits = 4096

    private struct Pattern: Sendable {
        let canary: Int
        let encoding: CanaryEncoding
        let bytes: [UInt8]
        let keyOffset: Int
    }

    /// Prepares the patterns of `canaries`.
    package init(canaries: [Canary]) {
        self.canaries = canaries
        var patterns: [Pattern] = []
        var index: [UInt64: [Int]] = [:]
        var firstTwo = [UInt64](repeating: 0, count: 1024)
        for (number, canary) in canaries.enumerated() {
            for pattern in canary.patterns where pattern.bytes.count >= 8 {
                let offset = Self.keyOffset(pattern.bytes)
                let key = Self.key(pattern.bytes, at: offset)
                index[key, default: []].append(patterns.count)
                let two = Int(pattern.bytes[offset]) << 8 | Int(pattern.bytes[offset + 1])
                firstTwo[two >> 6] |= 1 << UInt64(two & 63)
                patterns.append(
                    Pattern(canary: number, encoding: pattern.encoding, bytes: pattern.bytes, keyOffset: offset))
            }
        }
        self.patterns = patterns
        self.index = index
        self.firstTwo = firstTwo
    }

    /// Every occurrence (at most `limit` per pattern, ``maximumHits`` in all) in `data`, reported
    /// at `source`/`location`.
    package func hits(in data: [UInt8], source: String, location: String, limit: Int = 16) -> [CanaryHit] {
        guard data.count >= 8, !patterns.isEmpty else { return [] }
        var result: [CanaryHit] = []
        var perPattern: [Int: Int] = [:]
        data.withUnsafeBufferPointer { hay in
            guard let base = hay.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            for position in 0...(hay.count - 8) {
                let two = Int(base[position]) << 8 | Int(base[position + 1])
                guard firstTwo[two >> 6] & (1 << UInt64(two & 63)) != 0 else { continue }
                guard let candidates = index[raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)] else {
                    continue
                }
                for number in candidates {
                    let pattern = patterns[number]
                    let start = position - pattern.keyOffset
                    guard start >= 0, start + pattern.bytes.count <= hay.count, perPattern[number, default: 0] < limit
                    else { continue }
                    let same = pattern.bytes.withUnsafeBufferPointer {
                        memcmp(base + start, $0.baseAddress!, $0.count) == 0
                    }
                    guard same else { continue }
                    perPattern[number, default: 0] += 1
                    let canary = canaries[pattern.canary]
                    result.append(
                        CanaryHit(
                            canaryDigest: canary.digest, origin: canary.origin, source: source, location: location,
                            offset: start,
                            encoding: pattern.encoding))
                    if result.count >= maximumHits { return }
                }
            }
        }
        return result
    }

    /// Where the 8 indexed bytes of `pattern` start: the window (among the first 24) with the most
    /// distinct byte values.
    static func keyOffset(_ pattern: [UInt8]) -> Int {
        var best = 0
        var bestDistinct = -1
        for offset in 0...min(pattern.count - 8, 24) {
            var seen = Set<UInt8>()
            for byte in pattern[offset..<offset + 8] { seen.insert(byte) }
            if seen.count > bestDistinct {
                best = offset
                bestDistinct = seen.count
            }
        }
        return best
    }

    private static func key(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
    }
}
