import Accreditation
import Attestation
import Desk
import Foundation
import Logging
import RegistryServer
import TestSupport
import Transparency

@testable import Registry

/// A registry store on a fresh database (or on `address`, to reopen one), with the fixture's root
/// as the policy and the tests' registry key: the set-up the store, group-commit, comparison-cache
/// and document tests share.
struct OpenedStore {
    let store: RegistryStore
    let database: RegistryDatabase
    let address: String
    let drop: @Sendable () async -> Void
    let signer: LogSigner

    static let registryKey = SigningKey.generate()

    static func signer() throws -> LogSigner { try LogSigner(origin: "registry.test/aitc", key: registryKey) }

    /// The verification policy of the fixture's root, as the registry applies it, with the
    /// revocation list `revocations` gives at each use (none by default).
    static func policy(
        _ fixture: RealReports.Fixture, revocations: @escaping @Sendable () -> RevocationList? = { nil }
    ) -> @Sendable () -> RegulatorVerifier {
        let root = fixture.root.certificate
        let rederivation = Rederivation(standardsDirectory: ProjectRoot.layout.standardsDirectory)
        return {
            RegulatorVerifier(
                bundles: BundleVerifier(root: root, revocations: revocations(), now: Date()), rederivation: rederivation
            )
        }
    }

    static func open(
        _ backend: RegistryBackend, address: String? = nil, fixture: RealReports.Fixture,
        revocations: @escaping @Sendable () -> RevocationList? = { nil }
    ) async throws -> OpenedStore {
        let fresh: String
        let drop: @Sendable () async -> Void
        if let address {
            (fresh, drop) = (address, {})
        } else {
            (fresh, drop) = try await backend.freshDatabase()
        }
        let database = try await RegistryDatabase.open(fresh, logger: Logger(label: "test"))
        do {
            let store = try await RegistryStore.open(
                writer: database.writer, reader: database.reader, verifier: policy(fixture, revocations: revocations),
                signer: try signer())
            return OpenedStore(store: store, database: database, address: fresh, drop: drop, signer: try signer())
        } catch {
            await database.close()
            throw error
        }
    }

    /// Publishes a report of `Acme <model>` signed by `lab` for each model, in order; their bundles.
    @discardableResult
    func publish(_ models: [String], lab: String = "Lab A", fixture: RealReports.Fixture) async throws -> [Data] {
        var bundles: [Data] = []
        for model in models {
            let bundle = try RegistryBundles.bundle(lab: lab, manufacturer: "Acme", model: model, fixture: fixture)
            _ = try await store.publish(bundle)
            bundles.append(bundle)
        }
        return bundles
    }

    /// Closes the database and drops it.
    func close() async {
        await database.close()
        await drop()
    }
}
