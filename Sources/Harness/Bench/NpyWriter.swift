import Foundation

/// Writes `.npy` files (format 1.0, little-endian, C order) from raw element bytes.
package enum NpyWriter {
    /// The numpy `descr` of an agent dtype name, or `nil` when npy cannot hold it here.
    package static func descr(forDtype dtype: String) -> String? {
        switch dtype {
        case "float32": return "<f4"
        case "float16": return "<f4"  // the agent reports float16 outputs as numbers: written as float32
        case "bfloat16": return "<f4"  // reported as numbers too
        case "int8": return "|i1"
        case "uint8": return "|u1"
        case "int16": return "<i2"
        case "uint16": return "<u2"
        case "int32": return "<i4"
        case "int64": return "<i8"
        case "bool": return "|b1"
        default: return nil
        }
    }

    /// The bytes of an `.npy` file holding `body` (already in the element layout of `descr`).
    package static func encode(descr: String, shape: [Int], body: Data) -> Data {
        let dims = shape.map(String.init).joined(separator: ", ")
        let shapeText = shape.count == 1 ? "(\(dims),)" : "(\(dims))"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = UInt16(header.utf8.count)
        out.append(UInt8(length & 0xFF))
        out.append(UInt8(length >> 8))
        out.append(contentsOf: Array(header.utf8))
        out.append(body)
        return out
    }

    /// Element bytes of `values` (numbers as the agent reported them) in dtype `dtype`; `nil` → NaN / 0.
    package static func body(values: [Double?], dtype: String) -> Data? {
        var out = Data()
        switch dtype {
        case "float32", "float16", "bfloat16":
            out.reserveCapacity(values.count * 4)
            for v in values {
                withUnsafeBytes(of: Float(v ?? .nan).bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        case "int8": for v in values { out.append(UInt8(bitPattern: Int8(clamping: Int64(v ?? 0)))) }
        case "uint8", "bool": for v in values { out.append(UInt8(clamping: Int64(v ?? 0))) }
        case "int16":
            for v in values {
                withUnsafeBytes(of: Int16(clamping: Int64(v ?? 0)).littleEndian) { out.append(contentsOf: $0) }
            }
        case "uint16":
            for v in values {
                withUnsafeBytes(of: UInt16(clamping: Int64(v ?? 0)).littleEndian) { out.append(contentsOf: $0) }
            }
        case "int32":
            for v in values {
                withUnsafeBytes(of: Int32(clamping: Int64(v ?? 0)).littleEndian) { out.append(contentsOf: $0) }
            }
        case "int64": for v in values { withUnsafeBytes(of: Int64(v ?? 0).littleEndian) { out.append(contentsOf: $0) } }
        default: return nil
        }
        return out
    }
}
