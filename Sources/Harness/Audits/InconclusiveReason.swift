/// Why an audit could not be judged (a sentence for the report).
struct InconclusiveReason: Error, Sendable, Equatable {
    let sentence: String

    init(_ sentence: String) {
        self.sentence = sentence
    }
}
