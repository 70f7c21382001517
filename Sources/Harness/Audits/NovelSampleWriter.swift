import Foundation

/// Writes a perturbed copy of a `.npy` sample file: inputs the device has never seen, with the
/// same shape, type and cost. Floats get small seeded noise; integers (token ids, masks) are
/// rotated by one position within each row, so every value stays one the model accepts.
public enum NovelSampleWriter {
    /// Writes the perturbed copy of `source` to `destination`.
    public static func write(source: String, destination: String, seed: UInt64) throws(HarnessError) {
        guard var bytes = FileManager.default.contents(atPath: source).map({ [UInt8]($0) }) else {
            throw HarnessError(.invalidWorkload, "cannot read \(source)")
        }
        let layout: (dataStart: Int, descr: String, rowLength: Int) = try Self.layout(of: bytes, path: source)
        var generator = SampleIndexGenerator(seed: seed)
        let dataCount = bytes.count - layout.dataStart
        switch layout.descr {
        case "<f4":
            for offset in stride(from: layout.dataStart, to: bytes.count - 3, by: 4) {
                var bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                    | UInt32(bytes[offset + 3]) << 24
                let value = Float(bitPattern: bits)
                let noise = (Float(generator.next() >> 40) / Float(1 << 24) - 0.5) * 0.02
                bits = (value + noise * max(abs(value), 0.05)).bitPattern
                for k in 0..<4 { bytes[offset + k] = UInt8((bits >> (8 * UInt32(k))) & 0xff) }
            }
        case "<i8", "<i4", "|i1", "|u1":
            let size = layout.descr.hasSuffix("8") ? 8 : layout.descr.hasSuffix("4") ? 4 : 1
            let rowBytes = layout.rowLength * size
            guard rowBytes > size, dataCount % rowBytes == 0 else { break }
            for row in stride(from: layout.dataStart, to: bytes.count, by: rowBytes) {
                let first = Array(bytes[row..<(row + size)])
                bytes.replaceSubrange(row..<(row + rowBytes - size), with: bytes[(row + size)..<(row + rowBytes)])
                bytes.replaceSubrange((row + rowBytes - size)..<(row + rowBytes), with: first)
            }
        default:
            throw HarnessError(.invalidWorkload, "\(source): cannot perturb dtype \(layout.descr)")
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: destination))
        } catch {
            throw HarnessError(.output, "cannot write \(destination): \(error.localizedDescription)")
        }
    }

    private static func layout(of bytes: [UInt8], path: String) throws(HarnessError) -> (Int, String, Int) {
        do {
            let parsed = try NpyFile(data: Data(bytes), path: path)
            guard bytes.count > 10 else { throw HarnessError(.invalidWorkload, "\(path): too short") }
            let headerLength = bytes[6] == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
                : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            let start = (bytes[6] == 1 ? 10 : 12) + headerLength
            return (start, parsed.dtype.rawValue, parsed.shape.last ?? 1)
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError(.invalidWorkload, "\(error)")
        }
    }
}
