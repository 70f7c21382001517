import Foundation

/// An agent already listening on the device (`aitc-agent --listen HOST:PORT --token-file FILE`).
///
/// The agent reads model and sample files by the paths the harness gives, so the device must see
/// the suite's files at the same absolute paths (the same machine over loopback, a shared mount, or
/// a copy of the checkout at the same path).
public struct TCPDriver: DeviceDriver {
    public let spec: DeviceSpec
    public let emulated = false
    public let host: String
    public let port: Int
    private let token: String

    /// `token` authenticates the session (the agent's `--token-file` content).
    public init(host: String, port: Int, token: String, spec: DeviceSpec? = nil) {
        self.host = host
        self.port = port
        self.token = token
        self.spec = spec ?? .tcp(host: host, port: port)
    }

    /// The token from `tokenFile` when given, else from `AITC_DEVICE_TOKEN`.
    public static func token(
        fromFile tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentError) -> String {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw AgentError(.unreachable, "cannot read the token file \(tokenFile)")
            }
            let token = text.split(separator: "\n", omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !token.isEmpty else { throw AgentError(.unreachable, "the token file \(tokenFile) is empty") }
            return token
        }
        guard let token = environment["AITC_DEVICE_TOKEN"], !token.isEmpty else {
            throw AgentError(
                .unreachable,
                "tcp devices need the agent's session token: set AITC_DEVICE_TOKEN or use tcp://HOST:PORT?token_file=PATH")
        }
        return token
    }

    public func connect() throws(AgentError) -> any AgentTransport {
        try SocketTransport(host: host, port: port, token: token)
    }

    public func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }

    public func identity() -> DriverIdentity {
        DriverIdentity(spec: spec.description, transport: "tcp", emulated: false)
    }
}
