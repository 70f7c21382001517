import Foundation
import Testing

@testable import Harness

struct NpyFileTests {
    static func npy(descr: String, shape: String, payload: [UInt8]) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93]) + Data("NUMPY".utf8) + Data([1, 0])
        data.append(contentsOf: [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        data.append(Data(header.utf8))
        data.append(contentsOf: payload)
        return data
    }

    @Test func readsInt64Labels() throws {
        let payload: [UInt8] = [3, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        let file = try NpyFile(data: Self.npy(descr: "<i8", shape: "(2,)", payload: payload))
        #expect(file.shape == [2])
        #expect(file.values == [3, -1])
    }

    @Test func readsFloat32() throws {
        let bits = Float(0.5).bitPattern
        let payload = (0..<4).map { UInt8((bits >> (8 * $0)) & 0xff) }
        let file = try NpyFile(data: Self.npy(descr: "<f4", shape: "(1, 1)", payload: payload))
        #expect(file.values == [0.5])
    }

    @Test func refusesALyingShape() {
        #expect(throws: NpyError.self) {
            try NpyFile(data: Self.npy(descr: "<i8", shape: "(3,)", payload: [1, 0, 0, 0, 0, 0, 0, 0]))
        }
        #expect(throws: NpyError.self) {
            try NpyFile(data: Self.npy(descr: "<i8", shape: "(9223372036854775807, 4)", payload: []))
        }
        #expect(throws: NpyError.self) { try NpyFile(data: Data("not numpy".utf8)) }
        #expect(throws: NpyError.self) {
            try NpyFile(data: Self.npy(descr: ">f8", shape: "(1,)", payload: Array(repeating: 0, count: 8)))
        }
    }
}
