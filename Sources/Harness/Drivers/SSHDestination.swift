import Foundation

/// `USER@HOST[:PORT][?identity=FILE&known_hosts=FILE]` from an `ssh://` device spec.
public struct SSHDestination: Sendable, Equatable {
    /// `USER@HOST`, as ssh and scp take it.
    public let target: String
    /// The ssh port; nil for ssh's default (or its config).
    public let port: Int?
    /// The private key to log in with (`-i FILE`, and no other key); nil for ssh's own choice.
    public let identityFile: String?
    /// The known_hosts file that must hold the device's host key; nil for ssh's default files.
    public let knownHostsFile: String?

    /// Nil when `text` is not `USER@HOST[:PORT]` with an optional `?identity=…&known_hosts=…`.
    public init?(_ text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    init(target: String, port: Int?, identityFile: String?, knownHostsFile: String?) {
        self.target = target
        self.port = port
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
    }

    /// The destination, or a sentence saying what is wrong with `text`.
    public static func parse(_ text: String) throws(DeviceSpecError) -> SSHDestination {
        let spec = "ssh://\(text)"
        let usage = "expected ssh://USER@HOST[:PORT][?identity=FILE&known_hosts=FILE]"
        var address = Substring(text)
        var identity: String?
        var knownHosts: String?
        if let question = text.firstIndex(of: "?") {
            address = text[..<question]
            for pair in text[text.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false) {
                guard let equals = pair.firstIndex(of: "="), pair.index(after: equals) != pair.endIndex else {
                    throw DeviceSpecError(spec: spec, message: "\(usage); `\(pair)` has no value")
                }
                let value = String(pair[pair.index(after: equals)...])
                switch pair[..<equals] {
                case "identity" where identity == nil: identity = value
                case "known_hosts" where knownHosts == nil: knownHosts = value
                default:
                    throw DeviceSpecError(
                        spec: spec, message: "\(usage); `\(pair[..<equals])` is not an option, or is given twice")
                }
            }
        }
        guard let at = address.firstIndex(of: "@"), at != address.startIndex else {
            throw DeviceSpecError(spec: spec, message: usage)
        }
        let hostPart = address[address.index(after: at)...]
        var target = String(address)
        var port: Int?
        if let colon = hostPart.lastIndex(of: ":") {
            guard let number = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(number),
                colon != hostPart.startIndex
            else { throw DeviceSpecError(spec: spec, message: "\(usage); the port is a number from 1 to 65535") }
            port = number
            target = String(address[..<colon])
        }
        guard !hostPart.isEmpty, !target.contains(" "), !target.hasPrefix("-") else {
            throw DeviceSpecError(spec: spec, message: usage)
        }
        for (option, file) in [("identity", identity), ("known_hosts", knownHosts)] {
            guard let file else { continue }
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw DeviceSpecError(spec: spec, message: "\(option)=\(file): no readable file there")
            }
        }
        return SSHDestination(target: target, port: port, identityFile: identity, knownHostsFile: knownHosts)
    }

    /// `USER@HOST[:PORT]` for messages and reports (the files are local paths, not the device).
    public var address: String { port.map { "\(target):\($0)" } ?? target }
}
