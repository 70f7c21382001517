import Foundation

/// A fresh random session token for an agent started by a driver (256 bits, hex).
enum SessionToken {
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
