import ArgumentParser
import Foundation
import Harness

/// `aitc backend check LIB.so [--suite NAME]`: the conformance kit a maker runs before certifying.
struct BackendCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a backend library against the backend ABI's rules on every model of a suite.",
        discussion: """
            Runs the local agent with the backend and prints one row per rule and model: refusals before \
            running, output info filled, outputs owned until the next run, repeated load and unload, two \
            models alive at once, the thread count honoured, nothing written to stdout, the suite's quality \
            gates. Exit 0 every row passed, 1 some row failed, 64 misuse.
            """)

    @Argument(help: "The backend shared library (or 'reference').")
    var library: String

    @Option(help: "Suite whose models are checked (name in Suites/ or path).")
    var suite: String = "smartphone"

    @Option(help: "Backend worker threads to ask for (and to hold the backend to).")
    var threads: Int = 1

    @Option(help: "Backend-specific options as a JSON object (or @FILE).")
    var backendConfig: String?

    @Flag(help: "Print the rows as JSON.")
    var json = false

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be between 1 and 256") }
        if library != "reference" && !FileManager.default.fileExists(atPath: library) {
            throw ValidationError("no backend library at \(library)")
        }
    }

    func run() throws {
        let suitesDirectory = try project.suitesDirectory()
        let loaded = try setup { try SuiteLoader(suitesDirectory: suitesDirectory).load(suite) }
        let rules = try setup {
            try RunRules.load(path: (suitesDirectory as NSString).appendingPathComponent(RunRules.fileName))
        }
        let path = library == "reference" ? library : URL(fileURLWithPath: library).standardizedFileURL.path
        var check = BackendCheck(
            driver: LocalDriver(agentPath: try setup { try AgentLocator.hostAgent() }), backend: path, suite: loaded,
            threads: threads)
        check.backendConfig = try backendConfig.map { text in try setup { try BackendConfig.resolve(text) } }
        check.llmRules = try? rules.mode("quick").llm
        let rows = check.run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        } else {
            let workloadWidth = max(8, rows.map(\.workload.count).max() ?? 0)
            let ruleWidth = max(4, rows.map(\.rule.count).max() ?? 0)
            func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
            print("\(pad("workload", workloadWidth))  \(pad("rule", ruleWidth))  result  detail")
            for row in rows {
                print(
                    "\(pad(row.workload, workloadWidth))  \(pad(row.rule, ruleWidth))  \(row.passed ? "pass  " : "FAIL  ")  \(row.detail)"
                )
            }
            let failed = rows.filter { !$0.passed }.count
            print(
                failed == 0
                    ? "backend check: every rule kept (\(rows.count) checks)"
                    : "backend check: \(failed) of \(rows.count) checks FAILED")
        }
        if rows.contains(where: { !$0.passed }) { throw ExitCode(1) }
    }
}
