import Foundation
import TestSupport
import Testing

@testable import Harness
@testable import Privacy

/// Canaries a backend cannot tell from data: every sample of the privacy session's copy is drawn
/// from the data's own distribution, carries several canaries, and nothing in it looks like the
/// earlier (recognisable) canaries; the search finds thousands of them, in every listed encoding.
@Suite struct CanaryTests {
    static let digits = "\(ProjectRoot.path)/Suites/workloads/digits/samples.npy"
    let key: [UInt8] = Array(repeating: 7, count: 32)

    @Test func everySampleIsDrawnFromTheDataAndCarriesCanaries() throws {
        let folder = try TemporaryFolder()
        let copy = "\(folder.path)/copy.npy"
        let embedded = try CanaryEmbedder().embed(
            source: Self.digits, destination: copy, label: "digits/input", key: key)
        let original = try SampleArray(path: Self.digits)
        let changed = try SampleArray(path: copy)
        #expect(changed.count == original.count && changed.sampleBytes == original.sampleBytes)
        #expect(try NpyFile(path: copy).shape == NpyFile(path: Self.digits).shape)
        // Every element of every sample is a value that element takes somewhere in the data.
        for element in 0..<original.elements {
            let values = Set(
                (0..<original.count).map { sample in
                    Array(
                        original.bytes[
                            original.offset(sample: sample, element: element)..<original.offset(
                                sample: sample, element: element) + 4])
                })
            for sample in 0..<changed.count {
                let at = changed.offset(sample: sample, element: element)
                #expect(values.contains(Array(changed.bytes[at..<at + 4])), "sample \(sample) element \(element)")
            }
        }
        // Every sample carries its canaries, each found in the copy.
        #expect(embedded.samples == 540 && embedded.canaries.count == 540 * CanaryEmbedder().tilesPerSample)
        let samples = Set(embedded.canaries.map { $0.origin.components(separatedBy: " elements").first ?? "" })
        #expect(samples.count == 540)
        let found = CanarySearch(canaries: embedded.canaries).hits(
            in: changed.bytes, source: "f", location: copy, limit: 1)
        #expect(
            Set(found.filter { $0.encoding == .raw }.map(\.canaryDigest)).count
                == Set(embedded.canaries.map(\.digest)).count)
        // Each canary carries at least 64 bits of the data's entropy (digits: 26 to 29 elements).
        #expect(embedded.canaries.allSatisfy { $0.bytes.count >= 16 * 4 })
        #expect(embedded.note.contains("every one of 540 samples"))
    }

    /// The earlier canaries' giveaway — bytes 3, 7, 11, 15 of a sample all in 0x3C…0x3F — is true
    /// of no sample of the copy (nor of the data), so a backend skipping such samples skips none.
    @Test func nothingLooksLikeTheEarlierCanaries() throws {
        let folder = try TemporaryFolder()
        let copy = "\(folder.path)/copy.npy"
        _ = try CanaryEmbedder().embed(source: Self.digits, destination: copy, label: "digits/input", key: key)
        let earlier = { (bytes: ArraySlice<UInt8>) -> Bool in
            [3, 7, 11, 15].allSatisfy { (0x3C...0x3F).contains(bytes[bytes.startIndex + $0]) }
        }
        for path in [copy, Self.digits] {
            let array = try SampleArray(path: path)
            let flagged = (0..<array.count).filter { earlier(array.bytes[array.offset(sample: $0, element: 0)...]) }
            #expect(flagged.isEmpty, "\(path): \(flagged.count) samples look like an earlier canary")
        }
        // ... while an earlier canary always did.
        #expect(earlier(ArraySlice(Canary.random(float32Safe: true, origin: "x").bytes)))
    }

    @Test func digestsAreKeyedAndCopiesDiffer() throws {
        let folder = try TemporaryFolder()
        let first = try CanaryEmbedder().embed(
            source: Self.digits, destination: "\(folder.path)/a.npy", label: "d", key: key)
        let second = try CanaryEmbedder().embed(
            source: Self.digits, destination: "\(folder.path)/b.npy", label: "d", key: key)
        #expect(Set(first.canaries.map(\.bytes)) != Set(second.canaries.map(\.bytes)))
        let canary = first.canaries[0]
        let other = Canary(bytes: canary.bytes, origin: "o", key: Array(repeating: 8, count: 32))
        let plain = Canary(bytes: canary.bytes, origin: "o")
        #expect(canary.digest != other.digest && canary.digest != plain.digest && canary.digest.count == 16)
    }

    @Test func theEscapeProbabilityIsStatedPerWorkload() {
        let embedded = EmbeddedSamples(canaries: [], samples: 540, note: "")
        #expect(abs(embedded.escapeProbability(keeping: 0.01) - pow(0.99, 540)) < 1e-12)
        #expect(CanariedInputs.note(embedded).contains("(1 − fraction)^540"))
        #expect(CanariedInputs.note(embedded).contains("1 %: 0.0044"))
    }

    /// The timed run's secrets are pieces of the samples as they are.
    @Test func secretsAreCutFromTheRealSamples() throws {
        let secrets = try CanaryEmbedder().secrets(of: Self.digits, label: "d", key: key)
        let data = try SampleArray(path: Self.digits).bytes
        let hits = CanarySearch(canaries: secrets.canaries).hits(in: data, source: "f", location: "samples", limit: 1)
        #expect(Set(hits.map(\.canaryDigest)).count == secrets.canaries.count)
    }

    /// Thousands of canaries, one pass: each listed encoding of a few is found where it was put,
    /// and random bytes and zeros give nothing.
    @Test func theSearchFindsEveryEncodingAmongThousands() throws {
        let folder = try TemporaryFolder()
        let embedded = try CanaryEmbedder().embed(
            source: Self.digits, destination: "\(folder.path)/c.npy", label: "d", key: key)
        let search = CanarySearch(canaries: embedded.canaries)
        for encoding in CanaryEncoding.allCases {
            let canary = embedded.canaries[Int.random(in: 0..<embedded.canaries.count)]
            guard let pattern = canary.patterns.first(where: { $0.encoding == encoding }) else { continue }
            let buffer = [UInt8](repeating: 0, count: 1000) + pattern.bytes + [UInt8](repeating: 0x41, count: 17)
            let hits = search.hits(in: buffer, source: "t", location: "l")
            #expect(
                hits.contains { $0.canaryDigest == canary.digest && $0.encoding == encoding && $0.offset == 1000 },
                "\(encoding)")
        }
        var generator = SystemRandomNumberGenerator()
        let noise =
            (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            + [UInt8](repeating: 0, count: 100_000)
        #expect(search.hits(in: noise, source: "t", location: "noise").isEmpty)
    }
}
