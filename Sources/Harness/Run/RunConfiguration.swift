/// How the device runs the models of a certification: which backend, on which accelerator, with
/// how many worker threads. One value travels from the command line through the campaign and the
/// run to every pass that loads a model, so every pass runs the configuration that is certified.
public struct RunConfiguration: Sendable, Equatable, Codable {
    /// `reference` (the built-in backend) or the path of a backend shared library on the harness
    /// machine (``StagedBackend`` copies it to the device).
    public var backend: String
    /// The accelerator requested from the backend (`cpu`, `gpu`, `npu`, ...).
    public var accelerator: String
    /// Backend worker threads.
    public var threads: Int
    /// Backend-specific options (`--backend-config`), a JSON object as text handed to the backend's
    /// `create` as `aitc_backend_options.config`; nil for none.
    public var backendConfig: String?

    /// The configuration; by default the reference backend on one CPU thread.
    public init(
        backend: String = "reference", accelerator: String = "cpu", threads: Int = 1, backendConfig: String? = nil
    ) {
        self.backend = backend
        self.accelerator = accelerator
        self.threads = threads
        self.backendConfig = backendConfig
    }

    /// The built-in reference backend on one CPU thread.
    public static let reference = RunConfiguration()
}
