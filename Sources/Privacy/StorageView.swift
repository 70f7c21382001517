import Harness

/// The storage diff of a sandboxed agent: every file in the sandbox's writable layer (sandbox
/// paths and sizes) after the connected session (erase included) and after the cut session.
struct StorageView: Sendable {
    let sandbox: AgentSandbox
    let afterConnected: [(path: String, bytes: Int)]
    let afterCut: [(path: String, bytes: Int)]

    /// One line per phase for the evidence, naming up to `limit` files.
    func lines(limit: Int = 8) -> [String] {
        [("after the connected session and erase", afterConnected), ("after the cut session", afterCut)].map {
            phase, files in
            let shown = files.prefix(limit).map { "\($0.path) (\($0.bytes) bytes)" }.joined(separator: ", ")
            let more = files.count > limit ? ", …" : ""
            return "the agent's writable view \(phase): \(files.count) files\(files.isEmpty ? "" : ": \(shown)\(more)")"
        }
    }
}
