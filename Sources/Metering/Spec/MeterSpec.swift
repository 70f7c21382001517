/// A meter named by URL: `scpi://HOST:PORT[?options]` or `ptd://HOST:PORT[?options]`.
///
/// Options are `key=value` pairs joined by `&`, values percent-decoded. Unknown options are
/// refused so that a typo never silently falls back to a default.
public struct MeterSpec: Sendable, Equatable, CustomStringConvertible {
    /// The protocol.
    public let scheme: MeterScheme
    /// Host name or IPv4 address of the instrument or daemon.
    public let host: String
    /// TCP port.
    public let port: Int
    /// The query options, decoded.
    public let options: [String: String]
    /// The URL as given.
    public let description: String

    /// Parses a meter URL.
    public init(parsing text: String) throws(MeterError) {
        description = text
        guard let schemeEnd = text.range(of: "://") else {
            throw MeterError(
                .invalidSpec, "'\(text)' is not a meter URL; write scpi://HOST:PORT[?preset=NAME] or ptd://HOST:PORT")
        }
        let schemeText = String(text[..<schemeEnd.lowerBound]).lowercased()
        guard let scheme = MeterScheme(rawValue: schemeText) else {
            throw MeterError(.invalidSpec, "unknown meter scheme '\(schemeText)' in '\(text)'; supported: scpi, ptd")
        }
        self.scheme = scheme
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let hostPort = String(authority[0])
        guard let colon = hostPort.lastIndex(of: ":"), !hostPort[..<colon].isEmpty else {
            throw MeterError(.invalidSpec, "'\(text)' has no HOST:PORT; write \(schemeText)://HOST:PORT")
        }
        host = String(hostPort[..<colon])
        guard let port = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(port) else {
            throw MeterError(.invalidSpec, "'\(text)' has no valid port (1-65535) after the host")
        }
        self.port = port
        options = authority.count > 1 ? try Self.parseOptions(String(authority[1]), scheme: scheme) : [:]
    }

    private static func parseOptions(_ query: String, scheme: MeterScheme) throws(MeterError) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, !key.isEmpty else {
                throw MeterError(.invalidSpec, "meter option '\(pair)' has no value; write key=value")
            }
            guard scheme.allowedOptions.contains(key) else {
                let allowed = scheme.allowedOptions.sorted().joined(separator: ", ")
                throw MeterError(.invalidSpec, "unknown option '\(key)' for \(scheme.rawValue)://; allowed: \(allowed)")
            }
            guard let value = percentDecode(String(parts[1])) else {
                throw MeterError(.invalidSpec, "meter option '\(key)' has a bad %-escape")
            }
            result[key] = value
        }
        return result
    }

    private static func percentDecode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A numeric option, or `fallback` when absent; refuses values that are not finite and positive.
    func number(_ key: String, default fallback: Double) throws(MeterError) -> Double {
        guard let text = options[key] else { return fallback }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw MeterError(.invalidSpec, "meter option \(key)=\(text) is not a non-negative number")
        }
        return value
    }
}
