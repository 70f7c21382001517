/// The agent's answer to `load_model`.
public struct LoadedModel: Codable, Sendable {
    public let handle: String
    /// SHA-256 of the model file as hashed on the device.
    public let sha256: String
    public let backend: BackendIdentity
    /// The accelerator the backend chose for this model.
    public let accelerator: String
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]
    public let loadMs: Double?
}
