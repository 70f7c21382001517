import Foundation
import Locking
import Metering

/// Speaks the aitc agent protocol (Docs/agent-protocol.md) over any transport.
///
/// Requests are sent one at a time; each reply must echo the request id. Any failure of the
/// channel surfaces as an ``AgentError`` whose `isDeviceLost` tells the run to stop.
public final class AgentClient: @unchecked Sendable {
    /// The protocol version this harness speaks.
    public static let protocolVersion = 1

    private let transport: any AgentTransport
    /// The id of the next request; held for a whole exchange, so requests go one at a time.
    private let nextID = Locked(1)
    /// Per model handle: the accelerator breakdowns of its runs so far, merged.
    private let breakdowns = Locked([String: AcceleratorBreakdown]())
    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Wraps a connected transport.
    public init(transport: any AgentTransport) {
        self.transport = transport
    }

    /// Where the agent runs.
    public var endpoint: String { transport.endpoint }

    /// Performs the versioned handshake.
    public func hello() throws(AgentError) -> AgentHello {
        try request("hello", ["protocol": Self.protocolVersion], as: AgentHello.self)
    }

    /// Asks the device who it is.
    public func deviceInfo() throws(AgentError) -> DeviceInfo {
        try request("device_info", [:], as: DeviceInfo.self)
    }

    /// Loads a model file that is on the device, checking its digest there.
    ///
    /// A backend library (`backend` other than `reference`) is loaded by the agent only when its
    /// SHA-256 equals `backendSHA256`; when that is `nil`, the digest of the library at `backend` on
    /// this machine is sent (the local, qemu and same-path tcp cases), and none when it cannot be read
    /// here (the agent then refuses the library). `config`: backend-specific options, a JSON object as
    /// text, handed to the backend's `create` as `aitc_backend_options.config` (execution provider,
    /// spin policy, ...).
    public func loadModel(
        handle: String, path: String, sha256: String?, backend: String, accelerator: String, threads: Int,
        backendSHA256: String? = nil, config: String? = nil
    ) throws(AgentError) -> LoadedModel {
        var params: [String: Any] = [
            "handle": handle, "path": path, "backend": backend, "accelerator": accelerator, "threads": threads,
        ]
        if let sha256 { params["sha256"] = sha256 }
        if backend != "reference", let digest = backendSHA256 ?? FileDigest.sha256(file: backend) {
            params["backend_sha256"] = digest
        }
        if let config {
            guard let object = BackendConfig.object(config) else {
                throw AgentError(.protocolViolation, "the backend config is not a JSON object: \(config.prefix(120))")
            }
            params["config"] = object
        }
        breakdowns.withLock { $0[handle] = nil }  // a handle loaded again is a new model
        return try request("load_model", params, as: LoadedModel.self, timeout: 300)
    }

    /// Loads a sample set (one `.npy` per model input) for a loaded model.
    public func loadSamples(
        handle: String, model: String, inputs: [String: FileReference]
    ) throws(AgentError)
        -> LoadedSamples
    {
        var files: [String: Any] = [:]
        for (name, file) in inputs {
            var entry: [String: Any] = ["path": file.path]
            if let digest = file.sha256 { entry["sha256"] = digest }
            files[name] = entry
        }
        return try request(
            "load_samples", ["handle": handle, "model": model, "inputs": files], as: LoadedSamples.self, timeout: 300)
    }

    /// Runs a schedule on the device; the device timestamps every query on its own clock.
    public func run(_ schedule: RunRequest, timeout: Double) throws(AgentError) -> RunResult {
        let result = try request("run", schedule.parameters, as: RunResult.self, timeout: timeout)
        if let next = result.acceleratorBreakdown {
            breakdowns.withLock { $0[schedule.model] = $0[schedule.model].map { $0.followed(by: next) } ?? next }
        }
        return result
    }

    /// The kept outputs of the last `run` with output digests, at `queries` (positions in that run).
    public func reveal(queries: [Int], timeout: Double = 60) throws(AgentError) -> RevealedOutputs {
        try request("reveal", ["queries": queries], as: RevealedOutputs.self, timeout: timeout)
    }

    /// The accelerator breakdown of every run of `model` so far (last split, changes counted across
    /// runs); nil when its backend does not report one.
    public func acceleratorBreakdown(model: String) -> AcceleratorBreakdown? {
        breakdowns.withLock { $0[model] }
    }

    /// Reads the device's monotonic clock.
    public func clock() throws(AgentError) -> UInt64 {
        try request("clock", [:], as: ClockReading.self).monoNs
    }

    /// Reads the device's energy counters; `nil` when it has none.
    public func energy() throws(AgentError) -> EnergyReading? {
        do {
            return try request("energy", [:], as: EnergyReading.self)
        } catch  where error.agentCode == "unsupported" {
            return nil
        }
    }

    /// Erases every model, sample set and scratch file on the device.
    public func erase() throws(AgentError) {
        _ = try request("erase", [:], as: EmptyReply.self)
    }

    /// Ends the session; the agent exits.
    public func bye() {
        _ = try? request("bye", [:], as: EmptyReply.self, timeout: 5)
        transport.close()
    }

    /// Closes the channel without a goodbye (after a failure).
    public func abandon() {
        transport.close()
    }

    /// Sends a raw line and returns the raw reply line (for protocol tests and diagnostics).
    public func exchangeRaw(_ line: String, timeout: Double = 10) throws(AgentError) -> String {
        try nextID.withLock { _ throws(AgentError) in
            try transport.send(line: line)
            return try transport.receiveLine(timeout: timeout)
        }
    }

    /// Sends any operation with its parameters and decodes the reply (snake_case keys), checking the
    /// id and turning an error reply into ``AgentError`` — for operations without a typed method.
    public func call<Reply: Decodable>(
        _ op: String, _ params: [String: Any], as type: Reply.Type, timeout: Double = 30
    ) throws(AgentError) -> Reply {
        try request(op, params, as: type, timeout: timeout)
    }

    private func request<Reply: Decodable>(
        _ op: String, _ params: [String: Any], as type: Reply.Type, timeout: Double = 30
    ) throws(AgentError) -> Reply {
        try nextID.withLock { nextID throws(AgentError) in
            let id = nextID
            nextID += 1
            return try exchange(id: id, op, params, as: type, timeout: timeout)
        }
    }

    /// One request `id` and its reply, checked; the caller holds the exchange.
    private func exchange<Reply: Decodable>(
        id: Int, _ op: String, _ params: [String: Any], as type: Reply.Type, timeout: Double
    ) throws(AgentError) -> Reply {
        var message = params
        message["id"] = id
        message["op"] = op
        let line: String
        do {
            let data = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
            line = String(decoding: data, as: UTF8.self)
        } catch {
            throw AgentError(.protocolViolation, "could not encode \(op) request: \(error)")
        }
        try transport.send(line: line)
        let replyLine = try transport.receiveLine(timeout: timeout)
        let data = Data(replyLine.utf8)
        let envelope: ReplyEnvelope
        do {
            envelope = try decoder.decode(ReplyEnvelope.self, from: data)
        } catch {
            throw AgentError(
                .protocolViolation, "\(endpoint) sent a malformed reply to \(op): \(replyLine.prefix(200))")
        }
        guard envelope.id == id else {
            throw AgentError(
                .protocolViolation,
                "\(endpoint) answered request \(id) (\(op)) with id \(envelope.id.map(String.init) ?? "null")")
        }
        if !envelope.ok {
            let code = envelope.error?.code ?? "unknown"
            throw AgentError(.agentRefused, envelope.error?.message ?? "no message", agentCode: code)
        }
        do {
            return try decoder.decode(Reply.self, from: data)
        } catch {
            throw AgentError(.protocolViolation, "\(endpoint) sent a \(op) reply this harness cannot read: \(error)")
        }
    }
}
