/// A refusal as JSON: the sentence, and for a rejected bundle the verification step that failed.
struct ErrorDocument: Codable, Hashable, Sendable {
    let error: String
    let step: Int?
    let stepName: String?

    enum CodingKeys: String, CodingKey {
        case error, step
        case stepName = "step_name"
    }
}
