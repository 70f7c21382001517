/// A file a suite depends on, with the SHA-256 it must have. `path` is absolute once loaded.
public struct AssetFile: Codable, Sendable, Equatable {
    public let path: String
    public let sha256: String

    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}
