/// A file a suite depends on, with the SHA-256 it must have. `path` is absolute once loaded.
public struct AssetFile: Codable, Sendable, Equatable {
    /// Where the file is (absolute once the suite is loaded).
    public let path: String
    /// The SHA-256 (lowercase hex) the file must have; a file that differs is refused.
    public let sha256: String

    /// A file at `path` that must hash to `sha256`.
    public init(path: String, sha256: String) {
        self.path = path
        self.sha256 = sha256
    }
}
