import Harness

/// The key a privacy audit names its canaries with (HMAC-SHA256): 32 random bytes, drawn for each
/// audit and never written anywhere.
enum CanaryKey {
    /// A fresh key.
    static func fresh() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
