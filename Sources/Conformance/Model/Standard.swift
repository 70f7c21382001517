/// One loaded standard file: a family of clauses with its version and the digest of its bytes.
public struct Standard: Sendable, Hashable, Codable, Identifiable {
    /// Stable id of the standard, e.g. `aitc-latency`.
    public let id: String
    /// The family the file covers.
    public let family: StandardFamily
    /// Semantic version; reports record it next to ``sha256``.
    public let version: String
    /// Human title.
    public let title: String
    /// The clauses, in file order.
    public let clauses: [Clause]
    /// The path the file was loaded from, as given to the loader.
    public let sourcePath: String
    /// Hex SHA-256 of the file's bytes, from the digest the loader was given ("" when none was).
    public let sha256: String

    /// Creates a standard.
    public init(
        id: String,
        family: StandardFamily,
        version: String,
        title: String,
        clauses: [Clause],
        sourcePath: String,
        sha256: String
    ) {
        self.id = id
        self.family = family
        self.version = version
        self.title = title
        self.clauses = clauses
        self.sourcePath = sourcePath
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case id = "standard"
        case family, version, title, clauses, sha256
        case sourcePath = "source_path"
    }
}
