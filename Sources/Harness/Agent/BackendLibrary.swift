/// A backend shared library that the agent loaded: where the harness named it, how large it was and
/// its SHA-256 (checked by the agent against the digest the harness sent, before `dlopen`).
public struct BackendLibrary: Codable, Sendable, Equatable {
    /// The path as recorded: relative to the suite or output folder when it lies inside one (see
    /// ``ReportPaths``), else as given.
    public var path: String
    /// The library's size in bytes.
    public let bytes: Int
    /// SHA-256 of the library as hashed on the device.
    public let sha256: String

    /// A library at `path` of `bytes` bytes hashing to `sha256`.
    public init(path: String, bytes: Int, sha256: String) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
    }
}
