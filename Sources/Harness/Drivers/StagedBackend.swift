/// The backend as the agent on the device must name it, and the digest it must find there.
///
/// The agent loads a vendor library only from the files the harness staged and only when its
/// SHA-256 equals the digest the harness sends (Docs/agent-protocol.md), so a library is always
/// named by its path on the harness machine: its digest is taken here, and the driver copies it to
/// the device with the workload files (adb, ssh) or leaves it where it is (local, qemu, tcp).
public struct StagedBackend: Sendable, Equatable {
    /// `reference`, or the library's path on the device.
    public let path: String
    /// The library's SHA-256 as read on the harness machine; nil for the built-in backend.
    public let sha256: String?

    /// The built-in reference backend: nothing to stage.
    public static let reference = StagedBackend(path: "reference", sha256: nil)

    /// `backend` (`reference` or a library path on this machine) made available on `driver`'s
    /// device.
    public static func stage(_ backend: String, on driver: any DeviceDriver) throws(AgentError) -> StagedBackend {
        try stage(backend) { (file) throws(AgentError) in try driver.stage(file) }
    }

    /// `backend` made available on the device with `stage`, a driver's ``DeviceDriver/stage(_:)``.
    public static func stage(
        _ backend: String, with stage: (AssetFile) throws(AgentError) -> String
    ) throws(AgentError) -> StagedBackend {
        guard backend != StagedBackend.reference.path else { return .reference }
        guard let digest = FileDigest.sha256(file: backend) else {
            throw AgentError(
                .agentRefused,
                "the backend library \(backend) cannot be read on this machine: name the library on the harness "
                    + "machine; it is copied to the device with the workload files and loaded there only with its digest"
            )
        }
        let path = try stage(AssetFile(path: backend, sha256: digest))
        return StagedBackend(path: path, sha256: digest)
    }

    private init(path: String, sha256: String?) {
        self.path = path
        self.sha256 = sha256
    }
}
