import Foundation
import Harness

/// Writes frames as a classic pcap file (nanosecond timestamps, Ethernet link type) that
/// Wireshark and tcpdump read.
package struct PcapWriter: Sendable {
    /// Link type 1: Ethernet.
    package static let linkTypeEthernet: UInt32 = 1
    /// Magic of a little-endian pcap with nanosecond timestamps.
    package static let nanosecondMagic: UInt32 = 0xA1B2_3C4D
    /// The longest frame kept.
    package let snapLength: UInt32

    /// Creates a writer.
    package init(snapLength: UInt32 = 65_535) {
        self.snapLength = snapLength
    }

    /// The whole file for `frames`.
    package func encode(_ frames: [CapturedFrame]) -> Data {
        var data = Data()
        append32(&data, Self.nanosecondMagic)
        append16(&data, 2)
        append16(&data, 4)
        append32(&data, 0)
        append32(&data, 0)
        append32(&data, snapLength)
        append32(&data, Self.linkTypeEthernet)
        for frame in frames {
            let kept = frame.bytes.prefix(Int(snapLength))
            append32(&data, UInt32(truncatingIfNeeded: frame.seconds))
            append32(&data, UInt32(truncatingIfNeeded: frame.nanoseconds))
            append32(&data, UInt32(kept.count))
            append32(&data, UInt32(truncatingIfNeeded: max(frame.originalLength, kept.count)))
            data.append(contentsOf: kept)
        }
        return data
    }

    /// Writes `frames` to `path` (replacing it).
    package func write(_ frames: [CapturedFrame], to path: String) throws(PrivacyError) {
        do {
            try encode(frames).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .captureFailed("could not write the capture to \(path): \(error.localizedDescription)")
        }
    }

    private func append32(_ data: inout Data, _ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private func append16(_ data: inout Data, _ value: UInt16) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}
