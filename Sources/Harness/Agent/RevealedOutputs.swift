/// The agent's `reveal` reply: the outputs the last `run` with output digests kept, at the positions
/// asked, with the raw bytes each output was produced in (base64), so their digests can be checked.
public struct RevealedOutputs: Decodable, Sendable {
    /// One revealed sample's outputs.
    public struct Sample: Decodable, Sendable {
        /// Query position in the run.
        public let query: Int
        /// Sample index in the set.
        public let sample: Int
        /// Shape of each output as the backend filled it.
        public let shapes: [String: [Int]]
        /// Element type of each output ("float32", ...).
        public let dtypes: [String: String]
        /// The bytes of each output as produced, base64.
        public let raw: [String: String]
    }

    /// Queries the kept run had.
    public let count: Int
    /// One entry per sample of each asked query, in the order asked.
    public let outputs: [Sample]
}
