import Crypto
import Foundation

/// Asks a tcp agent to prove which device it runs on: a fresh random challenge, signed by the
/// Ed25519 key the device generated at enrolment (`aitc-agent --enrol`), checked here, before
/// anything runs. The fingerprint (`SHA256:` + unpadded base64 of SHA-256 of the raw public key) is
/// what the report records and what a lab pins with `?device_key=`.
///
/// What it proves: the agent that answered holds the key's secret half. The channel is not
/// encrypted, so a box that relays the whole session to the enrolled device is not excluded; the
/// token and the network (or an ssh tunnel) are the defence against that (Docs/drivers.md).
enum DeviceKeyCheck {
    /// What the device signs: this prefix, then the challenge bytes (device_key.h).
    static let context = Array("aitc-device-key-v1\n".utf8)

    /// Whether `text` has the form of a fingerprint.
    static func isFingerprint(_ text: String) -> Bool {
        guard text.hasPrefix("SHA256:") else { return false }
        let body = text.dropFirst("SHA256:".count)
        return body.count == 43
            && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }
    }

    /// The fingerprint of a raw 32-byte public key.
    static func fingerprint(publicKey: Data) -> String {
        let digest = Data(SHA256.hash(data: publicKey)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// Says hello and has the agent sign a challenge. Returns the key's fingerprint, or nil when the
    /// agent has no device key and none is pinned. Throws when the signature does not verify, or
    /// when the key is not the pinned one.
    static func verify(_ transport: any AgentTransport, pinned: String?, device: String) throws(AgentError) -> String? {
        _ = try exchange(transport, ["id": 0, "op": "hello", "protocol": 1], device: device)
        var challenge = [UInt8](repeating: 0, count: 32)
        var random = SystemRandomNumberGenerator()
        for index in challenge.indices { challenge[index] = random.next() }
        let hex = challenge.map { String(format: "%02x", $0) }.joined()
        let reply = try exchange(transport, ["id": 0, "op": "device_key", "challenge": hex], device: device)
        guard reply["ok"] as? Bool == true else {
            let failure = reply["error"] as? [String: Any]
            let said = "\(failure?["code"] as? String ?? "?"): \(failure?["message"] as? String ?? "")"
            if let pinned {
                throw AgentError(
                    .agentRefused,
                    "\(device): the lab pinned device key \(pinned), but the agent proves no key (\(said)); refused before anything ran"
                )
            }
            return nil
        }
        guard reply["algorithm"] as? String == "ed25519",
            let publicKey = (reply["public_key"] as? String).flatMap({ Data(base64Encoded: $0) }),
            publicKey.count == 32,
            let signature = (reply["signature"] as? String).flatMap({ Data(base64Encoded: $0) }), signature.count == 64,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
            key.isValidSignature(signature, for: Data(context + challenge))
        else {
            throw AgentError(
                .protocolViolation,
                "\(device): the device key's signature over the challenge does not verify; refused before anything ran")
        }
        let fingerprint = fingerprint(publicKey: publicKey)
        if let pinned, pinned != fingerprint {
            throw AgentError(
                .agentRefused,
                "\(device): the device's key \(fingerprint) is not the pinned \(pinned) (another box at this address, or a re-enrolled "
                    + "device); refused before anything ran")
        }
        return fingerprint
    }

    private static func exchange(
        _ transport: any AgentTransport, _ request: [String: Any], device: String
    ) throws(AgentError)
        -> [String: Any]
    {
        guard let data = try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys]) else {
            throw AgentError(.protocolViolation, "\(device): could not encode \(request["op"] ?? "a request")")
        }
        try transport.send(line: String(decoding: data, as: UTF8.self))
        let line = try transport.receiveLine(timeout: 30)
        guard let reply = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw AgentError(.protocolViolation, "\(device) answered \(request["op"] ?? "") with: \(line.prefix(200))")
        }
        return reply
    }
}
