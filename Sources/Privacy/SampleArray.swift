import Foundation
import Harness

/// The raw layout of a `.npy` sample file: where its data starts and how many bytes each sample
/// and each element take, so samples can be rewritten byte for byte.
struct SampleArray: Sendable {
    /// The whole file.
    var bytes: [UInt8]
    let dataStart: Int
    /// Samples (the first dimension).
    private(set) var count: Int
    let sampleBytes: Int
    let elementSize: Int
    let float32: Bool

    /// Reads and checks `path`.
    init(path: String) throws(PrivacyError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidInput("cannot read samples \(path)")
        }
        let array: NpyFile
        do { array = try NpyFile(data: data, path: path) } catch { throw .invalidInput("\(error)") }
        bytes = [UInt8](data)
        let version1 = bytes[6] == 1
        let headerLength =
            version1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        dataStart = (version1 ? 10 : 12) + headerLength
        count = array.shape.first ?? 0
        switch array.dtype {
        case .float32, .int32: elementSize = 4
        case .float64, .int64: elementSize = 8
        case .uint8, .int8: elementSize = 1
        }
        float32 = array.dtype == .float32
        sampleBytes = count > 0 ? (bytes.count - dataStart) / count : 0
        guard count > 0, sampleBytes >= elementSize, sampleBytes % elementSize == 0 else {
            throw .invalidInput("\(path): no samples to plant canaries in")
        }
    }

    /// Keeps only the first `samples` samples (``SampleTiles`` measures entropy on a bounded number).
    mutating func limit(to samples: Int) { count = min(count, samples) }

    /// Elements per sample.
    var elements: Int { sampleBytes / elementSize }

    /// The byte offset of element `element` of sample `sample`.
    func offset(sample: Int, element: Int) -> Int { dataStart + sample * sampleBytes + element * elementSize }

    /// The Shannon entropy in bits of element `element` across the samples: how many bits a value
    /// drawn from the data's distribution at that position carries.
    func entropy(element: Int) -> Double {
        var counts: [[UInt8]: Int] = [:]
        for sample in 0..<count {
            let at = offset(sample: sample, element: element)
            counts[Array(bytes[at..<at + elementSize]), default: 0] += 1
        }
        let total = Double(count)
        return counts.values.reduce(0) { sum, seen in
            let share = Double(seen) / total
            return sum - share * log2(share)
        }
    }
}

extension SampleArray {
    /// The first `count` samples only.
    func prefix(_ count: Int) -> SampleArray {
        var copy = self
        copy.bytes = Array(bytes.prefix(dataStart + count * sampleBytes))
        copy.limit(to: count)
        return copy
    }
}
