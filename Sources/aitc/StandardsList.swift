import ArgumentParser
import Certification
import Conformance
import Foundation
import Harness

/// `aitc standards list`.
struct StandardsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List families, versions and clause ids.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let set = try setup {
            try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: try project.standardsPaths())
        }
        for standard in set.standards {
            print("\(standard.id) \(standard.version) [\(standard.family.rawValue)] — \(standard.title)")
            for clause in standard.clauses {
                print(
                    "  \(clause.id.padding(toLength: 7, withPad: " ", startingAt: 0)) \(clause.level.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(clause.title)"
                )
            }
        }
    }
}
