import Foundation
import Harness

/// Writes copies of `.npy` sample files in which **every** sample is new and drawn from the data's
/// own distribution: each element is the value of that element in a sample picked at random (runs
/// of 1 to 4 elements come from the same sample, so local structure is kept). No value occurs in
/// a copy that does not occur at that position in the data, so a backend cannot tell a canaried
/// sample from a real one by its bytes — and since every sample is canaried, there is no
/// uncanaried one to keep instead.
///
/// Each sample is tracked by ``tilesPerSample`` canaries: runs of consecutive elements at random
/// positions (drawn afresh for every copy and never written anywhere), each long enough to carry
/// ``tileBits`` bits of the data's entropy and at least ``minimumTileBytes`` bytes. A sample whose
/// whole entropy is less is one canary, whole (its entropy is stated in ``EmbeddedSamples/note``).
package struct CanaryEmbedder: Sendable {
    /// Canaries per sample.
    package let tilesPerSample: Int
    /// Entropy each canary carries (bits), so a chance match is out of the question.
    package let tileBits: Double
    /// The shortest canary in bytes.
    package let minimumTileBytes: Int

    /// Creates an embedder.
    package init(tilesPerSample: Int = 4, tileBits: Double = 64, minimumTileBytes: Int = 16) {
        self.tilesPerSample = tilesPerSample
        self.tileBits = tileBits
        self.minimumTileBytes = minimumTileBytes
    }

    /// Reads `source`, writes a copy with every sample drawn afresh to `destination`; returns the
    /// canaries (digests keyed with `key`).
    package func embed(
        source: String, destination: String, label: String, key: [UInt8]
    ) throws(PrivacyError) -> EmbeddedSamples {
        let original = try SampleArray(path: source)
        var generator = SampleIndexGenerator(seed: UInt64.random(in: .min ... .max))
        var copy = original
        for sample in 0..<original.count {
            var element = 0
            while element < original.elements {
                let run = min(Int(generator.next() % 4) + 1, original.elements - element)
                let donor = Int(generator.next() % UInt64(original.count))
                let from = original.offset(sample: donor, element: element)
                let to = original.offset(sample: sample, element: element)
                copy.bytes.replaceSubrange(
                    to..<to + run * original.elementSize, with: original.bytes[from..<from + run * original.elementSize]
                )
                element += run
            }
        }
        let tiles = SampleTiles(array: original, bits: tileBits, minimumBytes: minimumTileBytes)
        let canaries = cut(copy, tiles: tiles, label: label, key: key, using: &generator)
        do {
            try Data(copy.bytes).write(to: URL(fileURLWithPath: destination))
        } catch {
            throw .invalidInput("cannot write \(destination): \(error.localizedDescription)")
        }
        return EmbeddedSamples(
            canaries: canaries, samples: copy.count, note: tiles.note(label: label, samples: copy.count))
    }

    /// Canaries over the samples of `source` as they are (the timed run's inputs: the samples
    /// themselves are the secret), at random positions, digests keyed with `key`.
    package func secrets(of source: String, label: String, key: [UInt8]) throws(PrivacyError) -> EmbeddedSamples {
        let array = try SampleArray(path: source)
        var generator = SampleIndexGenerator(seed: UInt64.random(in: .min ... .max))
        let tiles = SampleTiles(array: array, bits: tileBits, minimumBytes: minimumTileBytes)
        // The same bytes in two samples (duplicates in the data) are one secret.
        var seen = Set<[UInt8]>()
        let canaries = cut(array, tiles: tiles, label: label, key: key, using: &generator).filter {
            seen.insert($0.bytes).inserted
        }
        return EmbeddedSamples(
            canaries: canaries, samples: array.count, note: tiles.note(label: label, samples: array.count))
    }

    /// ``tilesPerSample`` canaries per sample of `array`, where `tiles` draws them.
    private func cut(
        _ array: SampleArray, tiles: SampleTiles, label: String, key: [UInt8],
        using generator: inout SampleIndexGenerator
    ) -> [Canary] {
        (0..<array.count).flatMap { sample in
            tiles.draw(count: tilesPerSample, using: &generator).map { range in
                let from = array.offset(sample: sample, element: range.lowerBound)
                let to = array.offset(sample: sample, element: range.upperBound)
                return Canary(
                    bytes: Array(array.bytes[from..<to]),
                    origin: "\(label)[sample \(sample)] elements \(range.lowerBound)…\(range.upperBound - 1)",
                    key: key, elementSize: array.elementSize, float32: array.float32)
            }
        }
    }
}
