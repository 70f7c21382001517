import ArgumentParser

/// `aitc suites`: list and show suites.
struct SuitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suites", abstract: "List and show suites.", subcommands: [SuitesList.self, SuitesShow.self])
}
