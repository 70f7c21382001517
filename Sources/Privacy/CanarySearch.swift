#if canImport(Glibc)
import Glibc
import Harness
#endif

/// Finds canaries, plain or encoded, in byte buffers.
package struct CanarySearch: Sendable {
    /// The canaries to look for.
    public let canaries: [Canary]
    private let patterns: [(canary: Canary, encoding: CanaryEncoding, bytes: [UInt8])]

    /// Prepares the patterns of `canaries`.
    public init(canaries: [Canary]) {
        self.canaries = canaries
        patterns = canaries.flatMap { canary in canary.patterns.map { (canary, $0.encoding, $0.bytes) } }
    }

    /// Every occurrence (at most `limit` per pattern) in `data`, reported at `source`/`location`.
    public func hits(in data: [UInt8], source: String, location: String, limit: Int = 16) -> [CanaryHit] {
        var result: [CanaryHit] = []
        for pattern in patterns {
            for offset in Self.occurrences(of: pattern.bytes, in: data, limit: limit) {
                result.append(
                    CanaryHit(
                        canaryDigest: pattern.canary.digest, origin: pattern.canary.origin, source: source, location: location,
                        offset: offset, encoding: pattern.encoding))
            }
        }
        return result
    }

    /// Offsets of `needle` in `haystack` (memchr on the first byte, then a compare).
    static func occurrences(of needle: [UInt8], in haystack: [UInt8], limit: Int) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return }
                var position = 0
                let last = hay.count - pin.count
                while position <= last, found.count < limit {
                    guard let hit = memchr(base + position, Int32(pin[0]), last - position + 1) else { break }
                    let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + index, pinBase, pin.count) == 0 { found.append(index) }
                    position = index + 1
                }
            }
        }
        return found
    }
}
