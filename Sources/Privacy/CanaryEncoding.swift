import Harness

/// How a canary appeared where it was found.
package enum CanaryEncoding: String, Sendable, Codable, CaseIterable {
    case raw
    case hexLower = "hex-lower"
    case hexUpper = "hex-upper"
    case base64
    case base64URL = "base64url"
}
