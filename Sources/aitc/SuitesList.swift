import ArgumentParser
import Certification
import Harness

/// `aitc suites list`.
struct SuitesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the suites.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let loader = SuiteLoader(suitesDirectory: try project.suitesDirectory())
        for name in loader.names() {
            let suite = try setup { try loader.load(name) }
            print(
                "\(suite.id.padding(toLength: 16, withPad: " ", startingAt: 0)) \(suite.version)  \(suite.deviceClass.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(suite.workloads.count) workload(s), \(suite.clauses.count) clause(s) — \(suite.title)"
            )
        }
    }
}
