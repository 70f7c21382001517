import ArgumentParser

/// `aitc keys`: manage signing keys.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the lab's signing keys (Ed25519 or P-256).", subcommands: [KeysGenerate.self])
}
