import ArgumentParser
import Certification
import Harness

/// `aitc suites show NAME`.
struct SuitesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a suite's workloads and clauses.")

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
