/// Reads a number out of an SCPI reply, refusing anything that is not one finite value.
enum ScpiReply {
    /// SCPI's "not a number" (9.91E37) and overflow (9.9E37) markers and anything larger.
    static let markerMagnitude = 9.9e37

    /// The single numeric field of `reply`, or a message saying why the reply is unusable.
    static func number(_ reply: String) -> Result<Double, ReplyProblem> {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 1 else {
            return .failure(ReplyProblem("expected one field, got \(fields.count) in '\(clip(reply))'"))
        }
        var text = fields[0].trimmingBlanks()
        // Instruments with headers on answer ":NUM:NORM:VAL 1.2E+01"; keep the last word.
        if let space = text.lastIndex(of: " ") { text = String(text[text.index(after: space)...]) }
        guard let value = Double(text) else {
            return .failure(ReplyProblem("not a number: '\(clip(reply))'"))
        }
        guard value.isFinite, abs(value) < markerMagnitude else {
            return .failure(ReplyProblem("instrument reported no valid value: '\(clip(reply))'"))
        }
        return .success(value)
    }

    private static func clip(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
