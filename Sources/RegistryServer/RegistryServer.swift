import Hummingbird
import Logging
import Registry

/// Runs the registry's HTTP server until the process is told to stop (SIGINT, SIGTERM).
public enum RegistryServer {
    /// Serves `store` on `host:port` (port 0: any free port); `onListening` gets the port bound.
    public static func run(
        store: RegistryStore, host: String, port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let app = Application(
            router: RegistryRoutes.router(store: store),
            configuration: .init(address: .hostname(host, port: port), serverName: "aitc-registry"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService()
    }
}
