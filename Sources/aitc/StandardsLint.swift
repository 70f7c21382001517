import ArgumentParser
import Certification
import Conformance
import Foundation
import Harness

/// `aitc standards lint [PATH...]`.
struct StandardsLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check standard files; print file:line: message for every problem.")

    @Argument(help: "Standard files or folders (default: Standards/ of the project).")
    var paths: [String] = []

    func run() throws {
        var targets = paths
        if targets.isEmpty {
            guard let layout = ProjectLayout.discover() else {
                throw CertificationError(
                    .setup, "cannot find the project's Standards/ folder; name the files or folders to lint")
            }
            targets = [layout.standardsDirectory]
        }
        let diagnostics = StandardsLoader(digest: { FileDigest.sha256($0) }).lint(paths: targets)
        for diagnostic in diagnostics { printError(diagnostic.description) }
        if !diagnostics.isEmpty {
            printError("\(diagnostics.count) problem(s)")
            throw ExitCode(1)
        }
        print("ok: \(targets.joined(separator: " "))")
    }
}
