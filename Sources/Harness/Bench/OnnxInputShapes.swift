import Foundation

/// Fixes the symbolic input dimensions of an ONNX model to concrete values by rewriting the
/// `graph.input[*].type.tensor_type.shape` of its protobuf (like onnxruntime's
/// `make_dynamic_shape_fixed`); every other byte of the model is kept as it is.
///
/// The device agent gives a backend one sample per query at the model's declared shape, so a model
/// published with symbolic height and width (PP-OCR, most detectors) runs at the size the caller
/// chooses only through such a copy.
package enum OnnxInputShapes {
    /// Declared input shapes (`nil` for a symbolic dim) by input name, in graph order.
    package static func declared(in model: Data) throws(BenchError) -> [(name: String, dims: [Int?])] {
        var found: [(String, [Int?])] = []
        let bytes = [UInt8](model)
        guard let graph = try fields(bytes[...]).last(where: { $0.number == 7 && $0.isLength }) else {
            throw .malformedModel("the file has no ONNX graph")
        }
        for input in try fields(bytes[graph.payload]) where input.number == 11 && input.isLength {
            let (name, dims) = try valueInfo(bytes[input.payload])
            if let dims { found.append((name, dims)) }
        }
        return found
    }

    /// `model` with the inputs named in `shapes` fixed to those dims. A fixed dim that differs, a rank
    /// that differs or a name the graph does not have is an error naming the input.
    package static func fixing(_ shapes: [String: [Int]], in model: Data) throws(BenchError) -> Data {
        var seen = Set<String>()
        let bytes = [UInt8](model)
        let out = try rewrite(bytes[...], field: 7) { (graph: ArraySlice<UInt8>) throws(BenchError) -> [UInt8] in
            try rewrite(graph, field: 11) { (vi: ArraySlice<UInt8>) throws(BenchError) -> [UInt8] in
                let (name, dims) = try valueInfo(vi)
                guard let want = shapes[name] else { return Array(vi) }
                seen.insert(name)
                if let dims {
                    guard dims.count == want.count else {
                        throw .badShape("input \(name) has rank \(dims.count), --shape gives \(want.count) dims")
                    }
                    for (k, d) in dims.enumerated() where d != nil && d != want[k] {
                        throw .badShape(
                            "input \(name): dim \(k) is fixed at \(d!) in the model, --shape gives \(want[k])")
                    }
                }
                return try rewrite(vi, field: 2) { (type: ArraySlice<UInt8>) throws(BenchError) -> [UInt8] in
                    try rewrite(type, field: 1) { (tensor: ArraySlice<UInt8>) throws(BenchError) -> [UInt8] in
                        var kept = [UInt8]()
                        for f in try fields(tensor) where f.number != 2 { kept += tensor[f.whole] }
                        var shape = [UInt8]()
                        for d in want {
                            let dim = [0x08] + varint(UInt64(bitPattern: Int64(d)))
                            shape += [0x0A] + varint(UInt64(dim.count)) + dim
                        }
                        return kept + [0x12] + varint(UInt64(shape.count)) + shape
                    }
                }
            }
        }
        if let missing = Set(shapes.keys).subtracting(seen).sorted().first {
            throw .badShape("the model has no input named \(missing)")
        }
        return Data(out)
    }

    // MARK: protobuf wire format

    private struct Field {
        let number: UInt64
        let wireType: UInt64
        let whole: Range<Int>  // tag through payload
        let payload: Range<Int>  // length-delimited payload (empty for other wire types)
        var isLength: Bool { wireType == 2 }
    }

    private static func readVarint(_ b: ArraySlice<UInt8>, _ i: inout Int) throws(BenchError) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while i < b.endIndex {
            let byte = b[i]
            i += 1
            if shift > 63 { break }
            v |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return v }
            shift += 7
        }
        throw .malformedModel("malformed protobuf varint at byte \(i)")
    }

    private static func fields(_ b: ArraySlice<UInt8>) throws(BenchError) -> [Field] {
        var out: [Field] = []
        var i = b.startIndex
        while i < b.endIndex {
            let start = i
            let tag = try readVarint(b, &i)
            var payload = i..<i
            switch tag & 7 {
            case 0: _ = try readVarint(b, &i)
            case 1: i += 8
            case 5: i += 4
            case 2:
                let n = try readVarint(b, &i)
                guard n <= UInt64(b.endIndex - i) else { throw .malformedModel("protobuf field runs past its message") }
                payload = i..<(i + Int(n))
                i += Int(n)
            default: throw .malformedModel("unsupported protobuf wire type \(tag & 7)")
            }
            guard i <= b.endIndex else { throw .malformedModel("truncated protobuf message") }
            out.append(Field(number: tag >> 3, wireType: tag & 7, whole: start..<i, payload: payload))
        }
        return out
    }

    private static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        repeat {
            let byte = UInt8(v & 0x7F)
            v >>= 7
            out.append(v == 0 ? byte : byte | 0x80)
        } while v != 0
        return out
    }

    /// Re-encodes `message` with every length-delimited field `field` replaced by `transform(payload)`.
    private static func rewrite(
        _ message: ArraySlice<UInt8>, field: UInt64, _ transform: (ArraySlice<UInt8>) throws(BenchError) -> [UInt8]
    ) throws(BenchError) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(message.count + 64)
        for f in try fields(message) {
            if f.number == field && f.isLength {
                let payload = try transform(message[f.payload])
                out += varint(field << 3 | 2) + varint(UInt64(payload.count)) + payload
            } else {
                out += message[f.whole]
            }
        }
        return out
    }

    /// Name and declared dims (nil = symbolic) of a ValueInfoProto; dims nil when it declares no tensor shape.
    private static func valueInfo(_ vi: ArraySlice<UInt8>) throws(BenchError) -> (String, [Int?]?) {
        var name = ""
        var dims: [Int?]?
        for f in try fields(vi) {
            if f.number == 1 && f.isLength { name = String(decoding: vi[f.payload], as: UTF8.self) }
            guard f.number == 2 && f.isLength else { continue }
            for t in try fields(vi[f.payload]) where t.number == 1 && t.isLength {
                for s in try fields(vi[t.payload]) where s.number == 2 && s.isLength {
                    var list: [Int?] = []
                    for d in try fields(vi[s.payload]) where d.number == 1 && d.isLength {
                        var value: Int?
                        for v in try fields(vi[d.payload]) where v.number == 1 && v.wireType == 0 {
                            var i = v.payload.isEmpty ? v.whole.lowerBound : v.payload.lowerBound
                            _ = try readVarint(vi, &i)  // the tag
                            let raw = Int64(bitPattern: try readVarint(vi, &i))
                            value = raw >= 0 ? Int(raw) : nil
                        }
                        list.append(value)
                    }
                    dims = list
                }
            }
        }
        return (name, dims)
    }
}
