import Certification
import ArgumentParser
import Conformance
import Foundation
import Harness

/// `aitc standards`: inspect and lint standard definitions.
struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards", abstract: "Inspect and lint standard definitions.",
        subcommands: [StandardsLint.self, StandardsList.self])
}

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
                throw CertificationError(.setup, "cannot find the project's Standards/ folder; name the files or folders to lint")
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

/// `aitc standards list`.
struct StandardsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List families, versions and clause ids.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let set = try setup { try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: try project.standardsPaths()) }
        for standard in set.standards {
            print("\(standard.id) \(standard.version) [\(standard.family.rawValue)] — \(standard.title)")
            for clause in standard.clauses {
                print("  \(clause.id.padding(toLength: 7, withPad: " ", startingAt: 0)) \(clause.level.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(clause.title)")
            }
        }
    }
}
