import ArgumentParser
import Certification
import Foundation

/// The aitc command line: certify AI terminals, verify and compare signed reports.
@main
struct AITC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aitc",
        abstract:
            "AI-terminal certification: measure a device against privacy, latency and energy standards and sign the result.",
        version: "0.1.0",
        subcommands: [
            Certify.self, Verify.self, CACommand.self, ReportCommand.self, CompareCommand.self, Keys.self,
            StandardsCommand.self, SuitesCommand.self, Bench.self, Infer.self, MetersCommand.self, Devices.self,
            BackendCommand.self, RegistryCommand.self,
        ])

    /// Parses, runs, and presents every failure the same way: a usage error with the usage line
    /// (exit 64), any other error as one `aitc: sentence` line with its exit status.
    static func main() {
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch  where String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // `aitc help X` and `--help` after a subcommand end in the parser's own help request.
            exit(withError: error)
        } catch {
            let presented = PresentedError(error)
            printError(presented.line)
            Foundation.exit(presented.status)
        }
    }
}
