import ChildProcesses
import Foundation

/// Which harness produced a report: version, and the source commit with its dirty flag.
public struct HarnessIdentity: Codable, Sendable, Equatable {
    /// The harness version.
    public static let version = "0.1.0"

    public let name: String
    public let version: String
    /// The git commit of the source tree, or "unknown" outside a checkout.
    public let commit: String
    /// Whether the tree had uncommitted changes (`nil` when unknown).
    public let dirty: Bool?

    /// Reads the commit of the checkout at `root` with git.
    public static func current(root: String?) -> HarnessIdentity {
        guard let root, let commit = git(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines),
            !commit.isEmpty
        else {
            return HarnessIdentity(name: "aitc", version: version, commit: "unknown", dirty: nil)
        }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: root)
        return HarnessIdentity(
            name: "aitc", version: version, commit: commit, dirty: status.map { !$0.isEmpty })
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        guard let result = try? Command("git", ["-C", folder] + arguments).run(timeout: 30), result.exit.succeeded
        else { return nil }
        return result.stdout
    }
}
