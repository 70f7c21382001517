import Foundation

/// An agent already listening on the device (`aitc-agent --listen HOST:PORT --token-file FILE`).
///
/// The agent reads model and sample files by the paths the harness gives, so the device must see
/// the suite's files at the same absolute paths (the same machine over loopback, a shared mount, or
/// a copy of the checkout at the same path).
package struct TCPDriver: DeviceDriver {
    package let spec: DeviceSpec
    package let emulated = false
    package let host: String
    package let port: Int
    /// The device key fingerprint the lab pinned (`?device_key=`), if any.
    package let pinnedDeviceKey: String?
    private let token: String
    private let provenKey = ProvenDeviceKey()

    /// `token` authenticates the session (the agent's `--token-file` content); `pinnedDeviceKey`
    /// is the fingerprint the device must prove at every connection.
    package init(host: String, port: Int, token: String, pinnedDeviceKey: String? = nil, spec: DeviceSpec? = nil) {
        self.host = host
        self.port = port
        self.token = token
        self.pinnedDeviceKey = pinnedDeviceKey
        self.spec = spec ?? .tcp(host: host, port: port, deviceKey: pinnedDeviceKey)
    }

    /// The token from `tokenFile` when given, else from `AITC_DEVICE_TOKEN`.
    package static func token(
        fromFile tokenFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentError) -> String {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw AgentError(.unreachable, "cannot read the token file \(tokenFile)")
            }
            let token =
                text.split(separator: "\n", omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !token.isEmpty else { throw AgentError(.unreachable, "the token file \(tokenFile) is empty") }
            return token
        }
        guard let token = environment["AITC_DEVICE_TOKEN"], !token.isEmpty else {
            throw AgentError(
                .unreachable,
                "tcp devices need the agent's session token: set AITC_DEVICE_TOKEN or use tcp://HOST:PORT?token_file=PATH"
            )
        }
        return token
    }

    /// Connects, authenticates, and has the device prove its key (refusing a key other than the
    /// pinned one) before the transport is handed to the run.
    package func connect() throws(AgentError) -> any AgentTransport {
        let transport = try SocketTransport(host: host, port: port, token: token)
        do {
            let fingerprint = try DeviceKeyCheck.verify(transport, pinned: pinnedDeviceKey, device: spec.description)
            try provenKey.record(fingerprint, device: spec.description)
        } catch {
            transport.close()
            throw error
        }
        return transport
    }

    package func stage(_ file: AssetFile) throws(AgentError) -> String { file.path }

    package func identity() -> DriverIdentity {
        DriverIdentity(
            spec: spec.description, transport: "tcp", emulated: false,
            deviceKey: provenKey.fingerprint.map { "ed25519 \($0)" })
    }
}
