import Foundation

/// A minimal reader of NumPy `.npy` files (v1/v2, little-endian, C order) for the harness's own
/// needs: labels and reference outputs. The device agent has its own reader for samples.
public struct NpyFile: Sendable {
    /// Element type of the array.
    public enum DType: String, Sendable {
        case float32 = "<f4"
        case float64 = "<f8"
        case int32 = "<i4"
        case int64 = "<i8"
        case uint8 = "|u1"
        case int8 = "|i1"

        var size: Int {
            switch self {
            case .float32, .int32: return 4
            case .float64, .int64: return 8
            case .uint8, .int8: return 1
            }
        }
    }

    /// The element type the header declares.
    public let dtype: DType
    /// The array's shape, outermost dimension first.
    public let shape: [Int]
    /// Elements converted to Double.
    public let values: [Double]

    /// Reads the file at `path`.
    public init(path: String) throws(NpyError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NpyError(path: path, "cannot read the file")
        }
        try self.init(data: data, path: path)
    }

    /// Parses `.npy` bytes.
    public init(data: Data, path: String = "<data>") throws(NpyError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, bytes[0] == 0x93, bytes[1...5].elementsEqual("NUMPY".utf8) else {
            throw NpyError(path: path, "not a .npy file (bad magic)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else if major == 2 || major == 3, bytes.count >= 12 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        } else {
            throw NpyError(path: path, "unsupported .npy version \(major)")
        }
        guard headerStart + headerLength <= bytes.count else { throw NpyError(path: path, "truncated header") }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        guard let descr = Self.field("descr", in: header), let dtype = DType(rawValue: descr) else {
            throw NpyError(path: path, "unsupported dtype in header: \(header)")
        }
        guard Self.field("fortran_order", in: header) == "False" else {
            throw NpyError(path: path, "fortran-ordered arrays are not supported")
        }
        guard let shapeText = Self.shape(in: header) else { throw NpyError(path: path, "no shape in header") }
        var shape: [Int] = []
        for part in shapeText.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let dim = Int(trimmed), dim >= 0 else { throw NpyError(path: path, "bad shape (\(shapeText))") }
            shape.append(dim)
        }
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        let dataStart = headerStart + headerLength
        guard count != Int.max, count <= (bytes.count - dataStart) / dtype.size,
            bytes.count - dataStart == count * dtype.size
        else {
            throw NpyError(path: path, "data size does not match shape \(shape) of \(descr)")
        }
        self.dtype = dtype
        self.shape = shape
        self.values = Self.decode(bytes[dataStart...], dtype: dtype, count: count)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, dtype: DType, count: Int) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                let offset = i * dtype.size
                switch dtype {
                case .float32:
                    values[i] = Double(
                        Float(bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian))
                case .float64:
                    values[i] = Double(
                        bitPattern: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
                case .int32:
                    values[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
                case .int64:
                    values[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
                case .uint8: values[i] = Double(raw[offset])
                case .int8: values[i] = Double(Int8(bitPattern: raw[offset]))
                }
            }
        }
        return values
    }

    private static func field(_ name: String, in header: String) -> String? {
        guard let range = header.range(of: "'\(name)':") else { return nil }
        let rest = header[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("'") {
            let body = rest.dropFirst()
            return body.firstIndex(of: "'").map { String(body[..<$0]) }
        }
        let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) ?? rest.endIndex
        return String(rest[..<end]).trimmingCharacters(in: .whitespaces)
    }

    private static func shape(in header: String) -> String? {
        guard let range = header.range(of: "'shape':"),
            let open = header[range.upperBound...].firstIndex(of: "("),
            let close = header[open...].firstIndex(of: ")")
        else { return nil }
        return String(header[header.index(after: open)..<close])
    }
}
