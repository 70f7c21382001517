import Foundation

/// Seeded inputs for `aitc bench` and `.npy` splitting for `aitc infer`.
enum InputGenerator {
    /// One sample (an `.npy` of shape `[1] + input.shape`) of seeded values: floats (float32, float16,
    /// bfloat16) uniform in [-1, 1), integers 0 or 1 (valid token ids and attention masks alike), 8- and
    /// 16-bit types over their whole range, bools 0 or 1.
    static func sample(for input: TensorInfo, using rng: inout SampleIndexGenerator) throws(BenchError) -> Data {
        guard !input.shape.dropFirst().contains(where: { $0 < 0 }) else {
            throw .badShape(
                "input \(input.name) still has symbolic dims \(input.shape): give --shape \(input.name)=DIMS")
        }
        let shape = concreteShape(of: input)
        let count = shape.reduce(1, *)
        var body = Data()
        let descr: String
        switch input.dtype {
        case "float32":
            descr = "<f4"
            body.reserveCapacity(count * 4)
            for _ in 0..<count {
                let v = Float(Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1)
                withUnsafeBytes(of: v.bitPattern.littleEndian) { body.append(contentsOf: $0) }
            }
        case "float16", "bfloat16":
            descr = input.dtype == "float16" ? "<f2" : "<V2"  // bfloat16 as ml_dtypes saves it
            body.reserveCapacity(count * 2)
            for _ in 0..<count {
                let v = Float(Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1)
                let bits =
                    input.dtype == "float16" ? Float16(v).bitPattern : UInt16(truncatingIfNeeded: v.bitPattern >> 16)
                withUnsafeBytes(of: bits.littleEndian) { body.append(contentsOf: $0) }
            }
        case "int16", "uint16":
            descr = input.dtype == "int16" ? "<i2" : "<u2"
            for _ in 0..<count {
                withUnsafeBytes(of: UInt16(truncatingIfNeeded: rng.next()).littleEndian) { body.append(contentsOf: $0) }
            }
        case "int64":
            descr = "<i8"
            for _ in 0..<count {
                withUnsafeBytes(of: Int64(rng.next() & 1).littleEndian) { body.append(contentsOf: $0) }
            }
        case "int32":
            descr = "<i4"
            for _ in 0..<count {
                withUnsafeBytes(of: Int32(rng.next() & 1).littleEndian) { body.append(contentsOf: $0) }
            }
        case "int8", "uint8", "bool":
            descr = input.dtype == "int8" ? "|i1" : input.dtype == "uint8" ? "|u1" : "|b1"
            for _ in 0..<count {
                body.append(UInt8(truncatingIfNeeded: input.dtype == "bool" ? rng.next() & 1 : rng.next()))
            }
        default:
            throw .badInput(
                "input \(input.name): cannot generate \(input.dtype) values; use aitc infer with your own .npy")
        }
        return NpyWriter.encode(descr: descr, shape: [1] + shape, body: body)
    }

    /// The dims an input runs at: a symbolic batch (the first dim) is 1, as the agent runs it.
    static func concreteShape(of input: TensorInfo) -> [Int] {
        input.shape.enumerated().map { $0.offset == 0 && $0.element < 0 ? 1 : $0.element }
    }

    /// Shape, descr and element bytes of an `.npy` file (format 1.x–3.x, C order, little-endian or 1-byte types).
    static func split(npy data: Data, path: String) throws(BenchError) -> (shape: [Int], descr: String, body: Data) {
        let b = [UInt8](data)
        guard b.count >= 10, b[0] == 0x93, Array(b[1..<6]) == Array("NUMPY".utf8) else {
            throw .badInput("\(path) is not an .npy file")
        }
        let v2 = b[6] >= 2
        let headerLength =
            v2 && b.count >= 12
            ? Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24 : Int(b[8]) | Int(b[9]) << 8
        let start = v2 ? 12 : 10
        guard start + headerLength <= b.count else { throw .badInput("\(path): truncated .npy header") }
        let header = String(decoding: b[start..<(start + headerLength)], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else {
            throw .badInput("\(path): Fortran-order arrays are not supported")
        }
        guard let d = header.range(of: "'descr': '"), let dEnd = header[d.upperBound...].firstIndex(of: "'"),
            let s = header.range(of: "'shape': ("), let sEnd = header[s.upperBound...].firstIndex(of: ")")
        else { throw .badInput("\(path): .npy header without descr/shape") }
        let descr = String(header[d.upperBound..<dEnd])
        let shape = header[s.upperBound..<sEnd].split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        return (shape, descr, data.subdata(in: (start + headerLength)..<data.count))
    }
}
