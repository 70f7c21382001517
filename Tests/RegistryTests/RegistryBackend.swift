import Foundation
import Logging
import Registry
import RegistryServer
import SQLKit
import Testing

/// The two databases every registry test runs against: SQLite (a fresh file) and a real
/// PostgreSQL server on loopback (a fresh database on the server Tools/registry/postgres.sh starts;
/// AITC_TEST_POSTGRES overrides its address). A missing server fails the test with the reason.
enum RegistryBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The server's maintenance address (database `postgres`).
    static var postgresServer: String {
        ProcessInfo.processInfo.environment["AITC_TEST_POSTGRES"]
            ?? "postgres://aitc:aitc@127.0.0.1:5432/postgres?tlsmode=disable"
    }

    /// A fresh, empty database: its `--db` address and how to drop it.
    func freshDatabase() async throws -> (address: String, drop: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "aitc-registry-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return ("sqlite:\(folder)/registry.sqlite", { try? FileManager.default.removeItem(atPath: folder) })
        case .postgres:
            let name = "aitc_registry_\(UUID().uuidString.prefix(8).lowercased())"
            let server: RegistryDatabase
            do throws(RegistryError) {
                server = try await RegistryDatabase.open(Self.postgresServer, logger: Logger(label: "test"))
            } catch {
                throw BackendMissing(
                    reason:
                        "PostgreSQL is needed and not reachable (\(error.reason)); run Tools/registry/postgres.sh (Tools/bootstrap.sh does)"
                )
            }
            try await server.writer.raw("CREATE DATABASE \(ident: name)").run()
            await server.close()
            let address = Self.postgresServer.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
            return (
                address,
                {
                    guard
                        let admin = try? await RegistryDatabase.open(Self.postgresServer, logger: Logger(label: "test"))
                    else { return }
                    try? await admin.writer.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
                    await admin.close()
                }
            )
        }
    }

    struct BackendMissing: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
