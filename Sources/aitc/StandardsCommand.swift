import ArgumentParser

/// `aitc standards`: inspect and lint standard definitions.
struct StandardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standards", abstract: "Inspect and lint standard definitions.",
        subcommands: [StandardsLint.self, StandardsList.self])
}
