/// The inference backend that loaded a model on the device, as the agent reports it.
///
/// `name` and `version` are what the backend declares about itself, which any library can fake; the
/// identity a reader can check is `library` (a vendor library: the path the harness named, its size
/// and SHA-256, verified by the agent before it loaded the library) or `buildID` (the built-in
/// reference backend: the SHA-256 of the agent executable it is linked into).
public struct BackendIdentity: Codable, Sendable, Equatable {
    /// The backend's name as it reports it (`reference`, a vendor's).
    public let name: String
    /// The backend's version as it reports it.
    public let version: String
    /// The vendor library that ran; `nil` for the built-in backend.
    public var library: BackendLibrary?
    /// The built-in backend's build id; `nil` for a library.
    public var buildID: String?

    /// An identity with the given name, version, library and build id.
    public init(name: String, version: String, library: BackendLibrary? = nil, buildID: String? = nil) {
        self.name = name
        self.version = version
        self.library = library
        self.buildID = buildID
    }

    enum CodingKeys: String, CodingKey {
        case name, version, library
        case buildID = "buildId"
    }
}
