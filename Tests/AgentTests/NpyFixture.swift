import Foundation

/// Builds `.npy` files byte by byte, including deliberately broken ones.
enum NpyFixture {
    /// A version 1.0 file: header padded so the data starts at a multiple of 64.
    static func file(descr: String, shape: [Int], fortran: Bool = false, data: Data) -> Data {
        let dims = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': (\(dims)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var out = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0])
        let length = UInt16(header.utf8.count)
        out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        out.append(Data(header.utf8))
        out.append(data)
        return out
    }

    /// Little-endian float32 data.
    static func float32(_ values: [Float]) -> Data {
        var out = Data(capacity: values.count * 4)
        for v in values {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }
}
