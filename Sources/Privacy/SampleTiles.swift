import Foundation
import Harness

/// Where canaries can be cut from the samples of one file: runs of consecutive elements that
/// carry at least ``bits`` bits of the data's entropy (each element's entropy measured across the
/// samples, from at most ``estimateSamples`` of them) and at least ``minimumBytes`` bytes.
struct SampleTiles: Sendable {
    let bits: Double
    let minimumBytes: Int
    let elementSize: Int
    /// prefix[i]: entropy of elements 0..<i.
    let prefix: [Double]
    /// The last element a canary can start at; nil when the whole sample carries fewer bits.
    let lastStart: Int?
    /// Samples the entropy was measured on.
    static let estimateSamples = 512

    init(array: SampleArray, bits: Double, minimumBytes: Int) {
        self.bits = bits
        self.minimumBytes = minimumBytes
        elementSize = array.elementSize
        let sampled = array.count <= Self.estimateSamples ? array : array.prefix(Self.estimateSamples)
        var prefix = [0.0]
        prefix.reserveCapacity(array.elements + 1)
        for element in 0..<array.elements { prefix.append(prefix[element] + sampled.entropy(element: element)) }
        self.prefix = prefix
        let minimumElements = (minimumBytes + elementSize - 1) / elementSize
        var last: Int?
        var start = array.elements - minimumElements
        while start >= 0 {
            if prefix[array.elements] - prefix[start] >= bits {
                last = start
                break
            }
            start -= 1
        }
        lastStart = last
    }

    /// `count` element ranges at random starts (one range, the whole sample, when no run carries
    /// enough bits).
    func draw(count: Int, using generator: inout SampleIndexGenerator) -> [Range<Int>] {
        let elements = prefix.count - 1
        guard let lastStart else { return [0..<elements] }
        let minimumElements = (minimumBytes + elementSize - 1) / elementSize
        return (0..<count).map { _ in
            let start = Int(generator.next() % UInt64(lastStart + 1))
            var end = start + minimumElements
            while prefix[end] - prefix[start] < bits { end += 1 }
            return start..<end
        }
    }

    /// The evidence line: how long the canaries are and how much entropy they carry.
    func note(label: String, samples: Int) -> String {
        let elements = prefix.count - 1
        let total = prefix[elements]
        guard lastStart != nil else {
            return
                "\(label): every one of \(samples) samples is one canary, whole (\(elements) elements, \(String(format: "%.0f", total)) bits of entropy: "
                + "fewer than \(Int(bits)) bits)"
        }
        return
            "\(label): every one of \(samples) samples carries canaries of ≥ \(Int(bits)) bits and ≥ \(minimumBytes) bytes "
            + "(the sample carries \(String(format: "%.0f", total)) bits over \(elements) elements)"
    }
}
