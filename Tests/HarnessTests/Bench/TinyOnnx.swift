import Foundation

/// A few hand-encoded ONNX models for tests (protobuf wire format written directly).
enum TinyOnnx {
    private static func varint(_ v: UInt64) -> [UInt8] {
        var v = v
        var out: [UInt8] = []
        repeat {
            let b = UInt8(v & 0x7F)
            v >>= 7
            out.append(v == 0 ? b : b | 0x80)
        } while v != 0
        return out
    }

    private static func bytes(_ field: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(field << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    private static func string(_ field: UInt64, _ s: String) -> [UInt8] { bytes(field, Array(s.utf8)) }

    private static func int(_ field: UInt64, _ v: UInt64) -> [UInt8] { varint(field << 3) + varint(v) }

    private static func valueInfo(_ name: String, dims: [UInt64]) -> [UInt8] {
        let shape = dims.flatMap { bytes(1, int(1, $0)) }
        let tensor = int(1, 1) + bytes(2, shape)  // elem_type FLOAT, shape
        return string(1, name) + bytes(2, bytes(1, tensor))
    }

    /// x[2,3] → Relu (node relu0) → Einsum "ij,ij->i" (node my_einsum) → y[2]; opset 13.
    static func einsumModel() -> Data {
        let relu = string(1, "x") + string(2, "r") + string(3, "relu0") + string(4, "Relu")
        let attr = string(1, "equation") + string(4, "ij,ij->i") + int(20, 3)  // AttributeProto: name, s, type STRING
        let einsum =
            string(1, "r") + string(1, "r") + string(2, "y") + string(3, "my_einsum") + string(4, "Einsum")
            + bytes(5, attr)
        let graph =
            bytes(1, relu) + bytes(1, einsum) + string(2, "g") + bytes(11, valueInfo("x", dims: [2, 3]))
            + bytes(12, valueInfo("y", dims: [2]))
        let opset = string(1, "") + int(2, 13)
        return Data(int(1, 8) + bytes(7, graph) + bytes(8, opset))
    }
}
