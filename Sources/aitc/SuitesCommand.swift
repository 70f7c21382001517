import Certification
import ArgumentParser
import Harness

/// `aitc suites`: list and show suites.
struct SuitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suites", abstract: "List and show suites.", subcommands: [SuitesList.self, SuitesShow.self])
}

/// `aitc suites list`.
struct SuitesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the suites.")

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let loader = SuiteLoader(suitesDirectory: try project.suitesDirectory())
        for name in loader.names() {
            let suite = try setup { try loader.load(name) }
            print("\(suite.id.padding(toLength: 16, withPad: " ", startingAt: 0)) \(suite.version)  \(suite.deviceClass.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) \(suite.workloads.count) workload(s), \(suite.clauses.count) clause(s) — \(suite.title)")
        }
    }
}

/// `aitc suites show NAME`.
struct SuitesShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a suite's workloads and clauses.")

    @Argument(help: "Suite name or path.")
    var name: String

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let suite = try setup { try SuiteLoader(suitesDirectory: try project.suitesDirectory()).load(name) }
        print("\(suite.id) \(suite.version) — \(suite.title)")
        print("device class: \(suite.deviceClass)")
        print("file: \(suite.path) (sha256 \(suite.sha256))")
        print("clauses: \(suite.clauses.joined(separator: ", "))")
        for workload in suite.workloads {
            print("workload \(workload.id) [\(workload.kind), \(workload.precision)] — \(workload.title)")
            print("  model    \(workload.model.path) sha256 \(workload.model.sha256)")
            for (input, file) in workload.inputs.sorted(by: { $0.key < $1.key }) {
                print("  input    \(input): \(file.path) sha256 \(file.sha256)")
            }
            for gate in workload.quality.gates {
                print("  quality  \(gate.metric.rawValue) >= \(gate.target) against \(gate.reference.path)")
            }
            print("  scenarios \(workload.scenarios.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
