import Foundation

/// Base64 decoding as DSSE verifiers must accept it: standard or URL-safe alphabet, padded or not.
enum Base64 {
    /// The decoded bytes, or `nil` if `text` is not base64 in either alphabet.
    static func decode(_ text: String) -> Data? {
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        switch standard.utf8.count % 4 {
        case 2: standard += "=="
        case 3: standard += "="
        case 1: return nil
        default: break
        }
        return Data(base64Encoded: standard)
    }
}
