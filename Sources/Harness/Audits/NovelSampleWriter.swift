import Foundation

/// Perturbed copies of `.npy` sample files: inputs the device has never seen, with the same shape,
/// type and cost. Floats get small seeded noise; integers (token ids, masks) are rotated within each
/// row (copy c by c + 1 positions, so copies differ), so every value stays one the model accepts.
package enum NovelSampleWriter {
    /// A parsed sample file: its raw bytes, where the data starts, the dtype and the shape.
    package struct Layout: Sendable {
        package let bytes: [UInt8]
        package let dataStart: Int
        package let descr: String
        package let shape: [Int]

        /// Samples in the file (the first dimension).
        package var count: Int { shape.first ?? 0 }
        /// Bytes of one sample.
        package var sampleBytes: Int { count > 0 ? (bytes.count - dataStart) / count : 0 }
        /// The data section.
        package var data: ArraySlice<UInt8> { bytes[dataStart...] }
    }

    /// Writes the perturbed copy of `source` to `destination`.
    package static func write(source: String, destination: String, seed: UInt64) throws(HarnessError) {
        let layout = try read(source)
        let body = try perturbed(layout, seed: seed, copy: 0, path: source)
        do {
            try Data(layout.bytes[..<layout.dataStart] + body).write(to: URL(fileURLWithPath: destination))
        } catch {
            throw HarnessError(.output, "cannot write \(destination): \(error.localizedDescription)")
        }
    }

    /// Reads and parses the sample file at `path`.
    package static func read(_ path: String) throws(HarnessError) -> Layout {
        guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            throw HarnessError(.invalidWorkload, "cannot read \(path)")
        }
        do {
            let parsed = try NpyFile(data: Data(bytes), path: path)
            guard bytes.count > 10 else { throw HarnessError(.invalidWorkload, "\(path): too short") }
            let headerLength =
                bytes[6] == 1
                ? Int(bytes[8]) | Int(bytes[9]) << 8
                : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            return Layout(
                bytes: bytes, dataStart: (bytes[6] == 1 ? 10 : 12) + headerLength, descr: parsed.dtype.rawValue,
                shape: parsed.shape)
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError(.invalidWorkload, "\(error)")
        }
    }

    /// The data section of `layout`, perturbed with `seed` (floats) or rotated by `copy + 1` (integers).
    package static func perturbed(
        _ layout: Layout, seed: UInt64, copy: Int, path: String
    ) throws(HarnessError) -> [UInt8] {
        var bytes = Array(layout.data)
        var generator = SampleIndexGenerator(seed: seed)
        switch layout.descr {
        case "<f4":
            for offset in stride(from: 0, to: bytes.count - 3, by: 4) {
                var bits =
                    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                    | UInt32(bytes[offset + 3]) << 24
                let value = Float(bitPattern: bits)
                let noise = (Float(generator.next() >> 40) / Float(1 << 24) - 0.5) * 0.02
                bits = (value + noise * max(abs(value), 0.05)).bitPattern
                for k in 0..<4 { bytes[offset + k] = UInt8((bits >> (8 * UInt32(k))) & 0xff) }
            }
        case "<i8", "<i4", "|i1", "|u1":
            let size = layout.descr.hasSuffix("8") ? 8 : layout.descr.hasSuffix("4") ? 4 : 1
            let rowLength = layout.shape.last ?? 1
            let rowBytes = rowLength * size
            guard rowBytes > size, bytes.count % rowBytes == 0 else { break }
            let shift = ((copy % (rowLength - 1)) + 1) * size
            for row in stride(from: 0, to: bytes.count, by: rowBytes) {
                let rotated = Array(bytes[(row + shift)..<(row + rowBytes)] + bytes[row..<(row + shift)])
                bytes.replaceSubrange(row..<(row + rowBytes), with: rotated)
            }
        default:
            throw HarnessError(.invalidWorkload, "\(path): cannot perturb dtype \(layout.descr)")
        }
        return bytes
    }
}
