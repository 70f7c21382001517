import Foundation
import Logging
import PostgresKit
import Registry
import SQLKit
import SQLiteKit

/// The registry's database from a `--db` address: `sqlite:PATH` (the default: nothing to install)
/// or `postgres://USER:PASSWORD@HOST:PORT/DATABASE[?tlsmode=disable]`. Two connections: one for
/// changes, one for reads.
public struct RegistryDatabase: Sendable {
    /// The connection every change goes through.
    public let writer: any SQLDatabase
    /// The connection reads go through.
    public let reader: any SQLDatabase
    private let closers: [@Sendable () async -> Void]

    /// Opens the database at `address`.
    /// - Throws: ``RegistryError`` `.unavailable` with a sentence naming the address and what failed.
    public static func open(_ address: String, logger: Logger) async throws(RegistryError) -> RegistryDatabase {
        if address.hasPrefix("sqlite:") {
            let path = String(address.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw RegistryError(.badRequest, "--db sqlite:PATH needs a file path") }
            do {
                let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                for connection in [writer, reader] {
                    _ = try await connection.query("PRAGMA busy_timeout = 10000")
                }
                _ = try await writer.query("PRAGMA journal_mode = WAL")
                _ = try await writer.query("PRAGMA foreign_keys = ON")
                return RegistryDatabase(
                    writer: writer.sql(queryLogLevel: nil), reader: reader.sql(queryLogLevel: nil),
                    closers: [{ try? await writer.close() }, { try? await reader.close() }])
            } catch {
                throw RegistryError(
                    .unavailable, "cannot open the SQLite database \(path): \(String(reflecting: error).prefix(200))")
            }
        }
        if address.hasPrefix("postgres://") || address.hasPrefix("postgresql://") || address.hasPrefix("postgres+") {
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: address)
            } catch {
                throw RegistryError(
                    .badRequest,
                    "--db \(Self.redacted(address)) is not a postgres://USER:PASSWORD@HOST:PORT/DATABASE address")
            }
            do {
                let writer = try await PostgresConnection.connect(
                    configuration: configuration.coreConfiguration, id: 1, logger: logger)
                let reader = try await PostgresConnection.connect(
                    configuration: configuration.coreConfiguration, id: 2, logger: logger)
                return RegistryDatabase(
                    writer: writer.sql(queryLogLevel: nil), reader: reader.sql(queryLogLevel: nil),
                    closers: [{ try? await writer.close() }, { try? await reader.close() }])
            } catch {
                throw RegistryError(
                    .unavailable,
                    "cannot connect to PostgreSQL at \(Self.redacted(address)): \(String(reflecting: error).prefix(300)) — is the server running and the database created?"
                )
            }
        }
        throw RegistryError(
            .badRequest,
            "--db must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE, not \(Self.redacted(address))")
    }

    /// Closes both connections.
    public func close() async {
        for close in closers { await close() }
    }

    /// The address without its password, for messages.
    static func redacted(_ address: String) -> String {
        guard var components = URLComponents(string: address), components.password != nil else { return address }
        components.password = "***"
        return components.string ?? address
    }
}
