import ArgumentParser
import Attestation
import Conformance
import Foundation
import Harness
import Logging

/// `aitc certify`: run a suite on a device, score it, write and sign the report.
struct Certify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Certify a device: run a suite, score every clause, write a signed report.",
        discussion: """
            Exit status: 0 conformant, 1 not conformant (a clause failed or could not be shown to pass), \
            2 the run could not be completed (device lost, bad workload files), 64 misuse.
            """)

    @Option(help: "Suite name (in Suites/) or path to a suite file.")
    var suite: String

    @Option(help: "Device: local, tcp://HOST:PORT, qemu:ARCH, adb:SERIAL, ssh://USER@HOST.")
    var device: String = "local"

    @Option(help: "Ed25519 private key (PEM) that signs the report; see `aitc keys generate`.")
    var key: String

    @Option(help: "Folder the report and its signed envelope are written to.")
    var out: String

    @Option(help: "Run rules: quick (self-test) or certification.")
    var mode: String = "quick"

    @Option(help: "Backend on the device: 'reference' or the path of a backend shared library.")
    var backend: String = "reference"

    @Option(help: "Accelerator to request from the backend.")
    var accelerator: String = "cpu"

    @Option(help: "Backend worker threads.")
    var threads: Int = 1

    @Option(help: "Lab name recorded in the report.")
    var lab: String = ProcessInfo.processInfo.environment["AITC_LAB"] ?? "self-test"

    @Flag(name: .shortAndLong, help: "Log every step.")
    var verbose = false

    @OptionGroup var project: ProjectOptions

    func validate() throws {
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be between 1 and 256") }
    }

    func run() throws {
        var logger = Logger(label: "aitc.certify") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .info
        let spec: DeviceSpec
        do { spec = try DeviceSpec(parsing: device) } catch { throw ValidationError(error.description) }
        let signingKey = try usage { try KeyFiles.loadSigningKey(path: key) }
        let suitesDirectory = try project.suitesDirectory()
        let loadedSuite = try usage { try SuiteLoader(suitesDirectory: suitesDirectory).load(suite) }
        let rules = try usage {
            try RunRules.load(path: (suitesDirectory as NSString).appendingPathComponent(RunRules.fileName))
        }
        let modeRules = try usage { try rules.mode(mode) }
        let standards = try usage {
            try StandardsLoader(digest: { FileDigest.sha256($0) }).load(paths: try project.standardsPaths())
        }
        for clause in loadedSuite.clauses where standards.clause(id: clause) == nil {
            throw ValidationError("\(loadedSuite.path): clause \(clause) is defined by no standard")
        }
        let driver: any DeviceDriver
        do { driver = try DriverFactory.driver(for: spec) } catch {
            printError("aitc: \(error.message)")
            throw ExitCode(2)
        }
        let record: RunRecord
        do {
            record = try CertificationRun(
                suite: loadedSuite, mode: modeRules, driver: driver, backend: backend, accelerator: accelerator,
                threads: threads, logger: logger
            ).execute()
        } catch {
            printError("aitc: \(error.message)")
            throw ExitCode(2)
        }
        let builder = ReportBuilder(
            standards: standards, runRules: rules, harness: HarnessIdentity.current(root: try? project.layout().root),
            lab: LabSection(name: lab, keyId: signingKey.publicKey.keyID))
        let report = try builder.build(record)
        let written = try ReportWriter(directory: out).write(report, key: signingKey)
        ReportSummary(report: report).print()
        print("report:    \(written.report)")
        print("envelope:  \(written.envelope)")
        switch report.decision {
        case .conformant: return
        case .incomplete: throw ExitCode(2)
        default: throw ExitCode(1)
        }
    }
}

/// Runs `body`, turning any error into a usage error (exit 64) with its message.
func usage<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ValidationError { throw error } catch {
        throw ValidationError("\(error)")
    }
}
