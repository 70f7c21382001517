/// The agent's answer to `load_model`.
public struct LoadedModel: Codable, Sendable {
    /// The agent's handle for the model, named in every later request.
    public let handle: String
    /// SHA-256 of the model file as hashed on the device.
    public let sha256: String
    /// The backend that loaded it.
    public let backend: BackendIdentity
    /// The accelerator the backend chose for this model.
    public let accelerator: String
    /// The model's inputs as the backend sees them.
    public let inputs: [TensorInfo]
    /// The model's outputs as the backend sees them.
    public let outputs: [TensorInfo]
    /// Time the backend took to load the model, ms, when it said.
    public let loadMs: Double?
}
