import Foundation
import Harness

/// Writes copies of `.npy` sample files with fresh canaries over the first bytes of a few samples
/// drawn at random for each copy, keeping the header, shape and dtype valid.
package struct CanaryEmbedder: Sendable {
    /// How many samples of each file get a canary.
    public let samplesPerFile: Int
    /// Canary length in bytes.
    public let canaryBytes: Int

    /// Creates an embedder.
    public init(samplesPerFile: Int = 4, canaryBytes: Int = 16) {
        self.samplesPerFile = samplesPerFile
        self.canaryBytes = canaryBytes
    }

    /// Reads `source`, plants canaries, writes the copy to `destination`; returns the canaries.
    public func embed(source: String, destination: String, label: String) throws(PrivacyError) -> [Canary] {
        guard let data = FileManager.default.contents(atPath: source) else { throw .invalidInput("cannot read samples \(source)") }
        let array: NpyFile
        do { array = try NpyFile(data: data, path: source) } catch { throw .invalidInput("\(error)") }
        var bytes = [UInt8](data)
        let headerLength = bytes[6] == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8 : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let dataStart = (bytes[6] == 1 ? 10 : 12) + headerLength
        let count = array.shape.first ?? 0
        let elementSize: Int
        switch array.dtype {
        case .float32, .int32: elementSize = 4
        case .float64, .int64: elementSize = 8
        case .uint8, .int8: elementSize = 1
        }
        let sampleBytes = count > 0 ? (bytes.count - dataStart) / count : 0
        guard count > 0, sampleBytes >= canaryBytes, elementSize > 0 else {
            throw .invalidInput("\(source): samples of \(sampleBytes) bytes cannot hold a \(canaryBytes)-byte canary")
        }
        // Drawn afresh for every audit, so which samples carry a canary cannot be read from the code.
        let chosen = Array((0..<count).shuffled().prefix(min(samplesPerFile, count))).sorted()
        var canaries: [Canary] = []
        for sample in chosen {
            let canary = Canary.random(count: canaryBytes, float32Safe: array.dtype == .float32, origin: "\(label)[sample \(sample)]")
            let at = dataStart + sample * sampleBytes
            bytes.replaceSubrange(at..<at + canaryBytes, with: canary.bytes)
            canaries.append(canary)
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: destination))
        } catch {
            throw .invalidInput("cannot write \(destination): \(error.localizedDescription)")
        }
        return canaries
    }
}
