/// The fields every reply has.
struct ReplyEnvelope: Decodable {
    /// An error reply's code and message.
    struct Failure: Decodable {
        let code: String
        let message: String
    }
    let id: Int?
    let ok: Bool
    let error: Failure?
}
