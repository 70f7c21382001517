import Foundation
import Harness

/// Reads classic pcap files (micro- or nanosecond, either byte order) with an Ethernet link type:
/// captures written by this harness, by a lab's tcpdump or by a gateway.
package struct PcapReader: Sendable {
    /// The most frames read from one file (a bound against absurd inputs).
    package let maxFrames: Int

    /// Creates a reader.
    package init(maxFrames: Int = 5_000_000) {
        self.maxFrames = maxFrames
    }

    /// The frames of the file at `path`.
    package func read(path: String) throws(PrivacyError) -> [CapturedFrame] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidInput("cannot read the capture file \(path)")
        }
        return try decode([UInt8](data), path: path)
    }

    /// The frames of pcap `bytes`.
    package func decode(_ bytes: [UInt8], path: String = "<pcap>") throws(PrivacyError) -> [CapturedFrame] {
        guard bytes.count >= 24 else { throw .invalidInput("\(path): too short for a pcap header") }
        let magicLE = Self.u32(bytes, 0, bigEndian: false)
        let bigEndian: Bool
        let nanosecond: Bool
        switch magicLE {
        case 0xA1B2_C3D4: (bigEndian, nanosecond) = (false, false)
        case 0xA1B2_3C4D: (bigEndian, nanosecond) = (false, true)
        case 0xD4C3_B2A1: (bigEndian, nanosecond) = (true, false)
        case 0x4D3C_B2A1: (bigEndian, nanosecond) = (true, true)
        default:
            throw .invalidInput("\(path): not a classic pcap file (pcapng is not read; convert with `editcap -F pcap`)")
        }
        let linkType = Self.u32(bytes, 20, bigEndian: bigEndian) & 0x0FFF_FFFF
        guard linkType == PcapWriter.linkTypeEthernet else {
            throw .invalidInput(
                "\(path): link type \(linkType) is not Ethernet (1); capture on an Ethernet-like interface")
        }
        var frames: [CapturedFrame] = []
        var offset = 24
        while offset < bytes.count {
            guard frames.count < maxFrames else { throw .invalidInput("\(path): more than \(maxFrames) frames") }
            guard offset + 16 <= bytes.count else {
                throw .invalidInput("\(path): truncated record header at byte \(offset)")
            }
            let seconds = Int64(Self.u32(bytes, offset, bigEndian: bigEndian))
            let fraction = Int64(Self.u32(bytes, offset + 4, bigEndian: bigEndian))
            let included = Int(Self.u32(bytes, offset + 8, bigEndian: bigEndian))
            let original = Int(Self.u32(bytes, offset + 12, bigEndian: bigEndian))
            offset += 16
            guard included <= bytes.count - offset else {
                throw .invalidInput("\(path): record at byte \(offset - 16) claims \(included) bytes past the end")
            }
            frames.append(
                CapturedFrame(
                    seconds: seconds, nanoseconds: nanosecond ? fraction : fraction * 1000,
                    bytes: Array(bytes[offset..<offset + included]), originalLength: original))
            offset += included
        }
        return frames
    }

    static func u32(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> UInt32 {
        let b = (UInt32(bytes[at]), UInt32(bytes[at + 1]), UInt32(bytes[at + 2]), UInt32(bytes[at + 3]))
        return bigEndian ? b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3 : b.3 << 24 | b.2 << 16 | b.1 << 8 | b.0
    }
}
