/// `USER@HOST[:PORT]` from an `ssh://` device spec.
public struct SSHDestination: Sendable, Equatable {
    /// `USER@HOST`, as ssh and scp take it.
    public let target: String
    /// The ssh port; nil for ssh's default (or its config).
    public let port: Int?

    /// Nil when `text` is not `USER@HOST` or `USER@HOST:PORT`.
    public init?(_ text: String) {
        guard let at = text.firstIndex(of: "@"), at != text.startIndex else { return nil }
        let hostPart = text[text.index(after: at)...]
        if let colon = hostPart.lastIndex(of: ":") {
            guard let port = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(port),
                colon != hostPart.startIndex
            else { return nil }
            self.port = port
            target = String(text[..<colon])
        } else {
            guard !hostPart.isEmpty else { return nil }
            port = nil
            target = text
        }
        guard !target.contains(" "), !target.hasPrefix("-") else { return nil }
    }
}
