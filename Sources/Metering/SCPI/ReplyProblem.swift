/// Why one reply could not be used.
struct ReplyProblem: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
