/// A file on the device, with the digest it must have.
public struct FileReference: Codable, Sendable, Equatable {
    /// The file's path on the device.
    public let path: String
    /// The SHA-256 the agent must find, or nil to have it report the digest.
    public let sha256: String?

    /// A reference to `path` that must hash to `sha256`.
    public init(path: String, sha256: String?) {
        self.path = path
        self.sha256 = sha256
    }
}
