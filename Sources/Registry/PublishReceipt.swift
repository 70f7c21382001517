/// The registry's answer to a publish: where the bundle sits in the log and the proof of it.
public struct PublishReceipt: Sendable, Hashable, Codable {
    /// `accepted` for a new entry, `already-published` when the same bytes were published before.
    public let status: String
    /// The entry.
    public let entry: RegistryEntry
    /// The inclusion proof against the newest signed tree head.
    public let proof: ProofDocument

    /// Creates a receipt.
    public init(status: String, entry: RegistryEntry, proof: ProofDocument) {
        self.status = status
        self.entry = entry
        self.proof = proof
    }
}
