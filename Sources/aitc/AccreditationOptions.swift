import ArgumentParser

/// `aitc certify --cert LAB.crt [--chain CA.pem]`: also write a Sigstore bundle carrying the chain.
struct AccreditationOptions: ParsableArguments {
    @Option(
        help:
            "The lab certificate (PEM) for --key, from `aitc ca issue-lab`: also writes <id>.sigstore.json (Sigstore bundle v0.3 with the chain)."
    )
    var cert: String?

    @Option(help: "Intermediate certificates (PEM) between the lab certificate and the root. Repeatable.")
    var chain: [String] = []

    func validate() throws {
        if cert == nil && !chain.isEmpty { throw ValidationError("--chain needs --cert") }
    }

    /// The lab certificate then the intermediates, as the certification request takes them; empty
    /// without --cert. The library checks them against the key before anything runs.
    var certificatePaths: [String] {
        guard let cert else { return [] }
        return [cert] + chain
    }
}
