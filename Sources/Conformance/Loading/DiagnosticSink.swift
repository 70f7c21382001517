import Yams

/// Collects the diagnostics of one file while it is parsed.
struct DiagnosticSink {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Records `message` at `mark` (line 0 when the node has no mark).
    mutating func report(_ message: String, at mark: Mark?) {
        diagnostics.append(
            Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    /// Records `message` at the position of `node`.
    mutating func report(_ message: String, at node: Node) {
        report(message, at: node.mark)
    }

    /// Records an already built diagnostic.
    mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}
