import ArgumentParser

/// The aitc command line: certify AI terminals, verify and compare signed reports.
@main
struct AITC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aitc",
        abstract: "AI-terminal certification: measure a device against privacy, latency and energy standards and sign the result.",
        version: "0.1.0",
        subcommands: [Certify.self, Verify.self, Keys.self, StandardsCommand.self, SuitesCommand.self, Bench.self, Infer.self, MetersCommand.self, Devices.self])
}
