/// A file on the device, with the digest it must have.
public struct FileReference: Codable, Sendable, Equatable {
    public let path: String
    public let sha256: String?

    public init(path: String, sha256: String?) {
        self.path = path
        self.sha256 = sha256
    }
}
