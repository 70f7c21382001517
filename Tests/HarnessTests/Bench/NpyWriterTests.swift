import Foundation
import Testing

@testable import Harness

@Suite("npy writer")
struct NpyWriterTests {
    @Test("float32 and int64 files read back with the same shape and values")
    func roundTrip() throws {
        let values: [Double?] = [0.5, -1.25, 3, 1e-7, 42, -0.0]
        let body = try #require(NpyWriter.body(values: values, dtype: "float32"))
        let file = try NpyFile(data: NpyWriter.encode(descr: "<f4", shape: [2, 3], body: body))
        #expect(file.shape == [2, 3])
        #expect(file.values == values.map { Double(Float($0!)) })
        let ints = try #require(NpyWriter.body(values: [1, -2, 3], dtype: "int64"))
        let back = try NpyFile(data: NpyWriter.encode(descr: "<i8", shape: [3], body: ints))
        #expect(back.shape == [3])
        #expect(back.values == [1, -2, 3])
    }

    @Test("the header is padded to a multiple of 64 bytes")
    func alignment() {
        let data = NpyWriter.encode(descr: "<f4", shape: [1, 3, 48, 192], body: Data())
        #expect(data.count % 64 == 0)
    }
}
