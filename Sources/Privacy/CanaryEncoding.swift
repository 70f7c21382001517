import Harness

/// How a canary appeared where it was found (the transforms Docs/privacy.md lists).
package enum CanaryEncoding: String, Sendable, Codable, CaseIterable {
    case raw
    case hexLower = "hex-lower"
    case hexUpper = "hex-upper"
    case base64
    case base64URL = "base64url"
    /// Each element's bytes reversed (big-endian).
    case byteSwapped = "byte-swapped"
    /// float32 elements widened to little-endian float64.
    case float64
}
