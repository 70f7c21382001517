import Accreditation
import ArgumentParser
import Attestation
import Desk
import Foundation
import Harness
import Logging
import Registry
import RegistryServer
import Transparency

/// `aitc registry`: serve the registry, publish to it, fetch proofs from it.
struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "The registry: labs publish verified bundles to an append-only, provable log (Docs/registry.md).",
        subcommands: [RegistryServe.self, RegistryPublish.self, RegistryProof.self])
}
