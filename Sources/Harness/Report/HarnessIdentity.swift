import ChildProcesses
import Foundation

/// Which harness produced a report: version, the source commit with its dirty flag, and how it was
/// built (compiler, configuration, dependency versions, executable digest).
public struct HarnessIdentity: Codable, Sendable, Equatable {
    /// The harness version.
    public static let version = "0.1.0"

    /// The harness's name (`aitc`).
    public let name: String
    /// The harness's version (``version`` when it wrote the report).
    public let version: String
    /// The git commit of the source tree, or "unknown" outside a checkout.
    public let commit: String
    /// Whether the tree had uncommitted changes (`nil` when unknown).
    public let dirty: Bool?
    /// How this harness was built; `nil` only in reports written before it was recorded.
    public var build: BuildProvenance?

    /// An identity with every figure given.
    public init(name: String, version: String, commit: String, dirty: Bool?, build: BuildProvenance? = nil) {
        self.name = name
        self.version = version
        self.commit = commit
        self.dirty = dirty
        self.build = build
    }

    /// Reads the commit of the checkout at `root` with git.
    public static func current(root: String?) -> HarnessIdentity {
        guard let root,
            let commit = git(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines),
            !commit.isEmpty
        else {
            return HarnessIdentity(
                name: "aitc", version: version, commit: "unknown", dirty: nil, build: BuildProvenance.current())
        }
        let status = git(["status", "--porcelain", "--untracked-files=no"], in: root)
        return HarnessIdentity(
            name: "aitc", version: version, commit: commit, dirty: status.map { !$0.isEmpty },
            build: BuildProvenance.current())
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        guard let result = try? Command("git", ["-C", folder] + arguments).run(timeout: 30), result.exit.succeeded
        else { return nil }
        return result.stdout
    }
}
