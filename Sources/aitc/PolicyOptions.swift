import ArgumentParser

/// The regulator's policy files as `aitc compare` and `aitc registry serve` take them.
struct PolicyOptions: ParsableArguments {
    @Option(help: "Accreditation root certificate (PEM): only bundles that verify against it count.")
    var trustRoot: String

    @Option(help: "The root's signed revocation list.")
    var revocations: String?

    @Option(help: "Where the standard files are looked up by digest (default: the project's Standards/).")
    var standards: String?

    /// The files loaded; every problem is a set-up error (exit 64).
    func policy() throws -> RegulatorPolicy {
        try RegulatorPolicy(trustRoot: trustRoot, revocations: revocations, standards: standards)
    }
}
