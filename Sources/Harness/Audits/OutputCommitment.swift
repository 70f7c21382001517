import Crypto
import Foundation

/// Commit then reveal (Docs/agent-protocol.md, `run` with `output_digests` and `reveal`): the
/// digest the agent commits to for one query's outputs, recomputed from the revealed bytes, and the
/// revealed bytes read back as numbers for the output comparisons.
enum OutputCommitment {
    /// The revealed outputs of one query, checked against its committed digest.
    struct Checked: Sendable {
        /// The first model output of each sample, decoded from its raw bytes (NaN/inf as nil).
        let samples: [(sample: Int, values: [Double?])]
        /// Why the revealed outputs are not what was committed; nil when they are.
        let mismatch: String?
    }

    /// SHA-256 over "aitc-output-v1\n", then for each sample and each output in model order: the
    /// dtype name and a NUL, the rank (4 bytes little-endian), each dim (8 bytes LE signed), the
    /// byte length (8 bytes LE), the bytes. Nil when an output is missing or its bytes are not base64.
    static func digest(_ samples: [RevealedOutputs.Sample], outputNames: [String]) -> String? {
        var hash = SHA256()
        hash.update(data: Data("aitc-output-v1\n".utf8))
        for sample in samples {
            for name in outputNames {
                guard let dtype = sample.dtypes[name], let shape = sample.shapes[name],
                    let text = sample.raw[name], let bytes = Data(base64Encoded: text)
                else { return nil }
                hash.update(data: Data(dtype.utf8) + [0])
                hash.update(data: littleEndian(UInt64(shape.count), bytes: 4))
                for dim in shape { hash.update(data: littleEndian(UInt64(bitPattern: Int64(dim)), bytes: 8)) }
                hash.update(data: littleEndian(UInt64(bytes.count), bytes: 8))
                hash.update(data: bytes)
            }
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The revealed samples of `query` checked against `committed`, with `output` decoded.
    static func check(
        query: Int, position: Int, revealed: [RevealedOutputs.Sample], committed: String, samplesPerQuery: Int,
        outputNames: [String], output: String
    ) -> Checked {
        let samples = revealed.filter { $0.query == query }
        let decoded = samples.map { (sample: $0.sample, values: decode($0, output: output) ?? []) }
        guard samples.count == samplesPerQuery else {
            return Checked(
                samples: decoded,
                mismatch: "query \(position): \(samples.count) samples revealed, the query had \(samplesPerQuery)")
        }
        guard let digest = digest(samples, outputNames: outputNames) else {
            return Checked(
                samples: decoded, mismatch: "query \(position): the revealed outputs are incomplete or not base64")
        }
        guard digest == committed.lowercased() else {
            return Checked(
                samples: decoded,
                mismatch:
                    "query \(position): the revealed outputs hash to \(digest.prefix(16))…, the run committed \(committed.prefix(16))… (the device changed its answer)"
            )
        }
        return Checked(samples: decoded, mismatch: nil)
    }

    /// One output's raw bytes as numbers (little-endian, C order); NaN and infinities as nil, like
    /// the run reply's values. Nil for a missing output or an unknown dtype.
    static func decode(_ sample: RevealedOutputs.Sample, output: String) -> [Double?]? {
        guard let text = sample.raw[output], let bytes = Data(base64Encoded: text).map(Array.init),
            let dtype = sample.dtypes[output]
        else { return nil }
        func words<T: FixedWidthInteger>(_: T.Type) -> [T] {
            let size = MemoryLayout<T>.size
            return stride(from: 0, to: bytes.count - size + 1, by: size).map { start in
                bytes[start..<start + size].reversed().reduce(T(0)) { $0 << 8 | T($1) }
            }
        }
        func finite(_ value: Float) -> Double? { value.isFinite ? Double(value) : nil }
        switch dtype {
        case "float32": return words(UInt32.self).map { finite(Float(bitPattern: $0)) }
        case "float16": return words(UInt16.self).map { finite(Float(Float16(bitPattern: $0))) }
        case "bfloat16": return words(UInt16.self).map { finite(Float(bitPattern: UInt32($0) << 16)) }
        case "int8": return bytes.map { Double(Int8(bitPattern: $0)) }
        case "uint8", "bool": return bytes.map { Double($0) }
        case "int16": return words(UInt16.self).map { Double(Int16(bitPattern: $0)) }
        case "uint16": return words(UInt16.self).map { Double($0) }
        case "int32": return words(UInt32.self).map { Double(Int32(bitPattern: $0)) }
        case "int64": return words(UInt64.self).map { Double(Int64(bitPattern: $0)) }
        default: return nil
        }
    }

    private static func littleEndian(_ value: UInt64, bytes: Int) -> Data {
        Data((0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
    }
}
