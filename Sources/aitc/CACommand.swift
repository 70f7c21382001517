import ArgumentParser

/// `aitc ca`: an accreditation body's root, lab certificates and revocation list.
struct CACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract:
            "Accreditation root: create it, issue lab certificates with a scope, revoke them (Reports/ACCREDITATION.md).",
        subcommands: [CAInit.self, CAIssueLab.self, CARevoke.self])
}
