import Foundation

/// Base64 decoding as DSSE verifiers must accept it: standard or URL-safe alphabet, padded or not.
enum Base64 {
    /// The decoded bytes, or `nil` if `text` is not base64 in either alphabet.
    ///
    /// Works on the UTF-8 bytes: a report's payload is tens of kilobytes, and mapping it as
    /// Characters (grapheme clusters) cost a third of a publish's CPU. Any non-ASCII byte is not
    /// base64, so the answer is the same as mapping Characters.
    static func decode(_ text: String) -> Data? {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "-"): bytes[index] = UInt8(ascii: "+")
            case UInt8(ascii: "_"): bytes[index] = UInt8(ascii: "/")
            default: break
            }
        }
        switch bytes.count % 4 {
        case 2: bytes += [UInt8(ascii: "="), UInt8(ascii: "=")]
        case 3: bytes.append(UInt8(ascii: "="))
        case 1: return nil
        default: break
        }
        return Data(base64Encoded: Data(bytes))
    }
}
