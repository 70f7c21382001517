import ArgumentParser

/// `aitc backend`: tools for makers who bring their own inference stack.
struct BackendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backend", abstract: "Tools for vendor backends (Docs/backends.md).",
        subcommands: [BackendCheckCommand.self])
}
