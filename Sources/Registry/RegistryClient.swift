import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A registry's HTTP API from the client side (`aitc registry publish|proof`, `aitc compare --from`).
public struct RegistryClient: Sendable {
    /// The registry's base address, e.g. `http://127.0.0.1:8420`.
    public let base: URL

    /// A client for the registry at `address`.
    /// - Throws: `.badRequest` unless the address is an http(s) URL.
    public init(address: String) throws(RegistryError) {
        guard let url = URL(string: address.hasSuffix("/") ? String(address.dropLast()) : address),
            ["http", "https"].contains(url.scheme ?? ""), url.host != nil
        else {
            throw RegistryError(.badRequest, "\(address) is not a registry address such as http://127.0.0.1:8420")
        }
        base = url
    }

    /// A bundle's name in a registry: the SHA-256 of its bytes, lowercase hex.
    public static func name(of bundle: Data) -> String { SHA256Digest.hex(bundle) }

    /// Publishes a bundle's bytes.
    public func publish(_ bundle: Data) async throws(RegistryError) -> PublishReceipt {
        try await decode(PublishReceipt.self, try await send("POST", "/api/v1/bundles", body: bundle))
    }

    /// The inclusion proof of a bundle (by its bytes' SHA-256), against the newest head or `treeSize`'s.
    public func inclusionProof(
        bundleSHA256: String, treeSize: UInt64? = nil
    ) async throws(RegistryError) -> ProofDocument {
        let query = treeSize.map { "?tree_size=\($0)" } ?? ""
        return try await decode(
            ProofDocument.self, try await send("GET", "/api/v1/proofs/inclusion/\(bundleSHA256)\(query)"))
    }

    /// The consistency proof from a held tree size to the newest head.
    public func consistencyProof(from oldSize: UInt64) async throws(RegistryError) -> ConsistencyDocument {
        try await decode(ConsistencyDocument.self, try await send("GET", "/api/v1/proofs/consistency?from=\(oldSize)"))
    }

    /// Entries matching URL query filters (`device_class=pc&suite_id=…`).
    public func compare(query: [(String, String)]) async throws(RegistryError) -> ComparisonResult {
        try await decode(ComparisonResult.self, try await send("GET", "/api/v1/compare?\(Self.query(query))"))
    }

    /// `pairs` as a query string the registry reads back as they are: the registry reads `+` as a
    /// space (as a browser's form writes it), so a plus in a value is sent as `%2B` (URLComponents
    /// leaves it bare, and a device "Acme P1+" would be looked up as "Acme P1 ").
    static func query(_ pairs: [(String, String)]) -> String {
        var components = URLComponents()
        components.queryItems = pairs.map { URLQueryItem(name: $0.0, value: $0.1) }
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    /// A stored bundle's bytes.
    public func bundle(sha256: String) async throws(RegistryError) -> Data {
        try await send("GET", "/api/v1/bundles/\(sha256)")
    }

    /// Sends a request; a 4xx or 5xx answer becomes the registry's own sentence.
    public func send(_ method: String, _ path: String, body: Data? = nil) async throws(RegistryError) -> Data {
        guard let url = URL(string: base.absoluteString + path) else {
            throw RegistryError(.badRequest, "bad path \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 120
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw RegistryError(
                .unavailable, "cannot reach the registry at \(base.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let problem = try? JSONDecoder().decode(Problem.self, from: data)
            let reason = problem?.error ?? "HTTP \(status) from \(url.absoluteString)"
            let kind: RegistryError.Kind =
                switch status {
                case 404: .notFound
                case 413: .tooLarge
                case 422: .rejected
                case 409: .inconsistent
                case 400..<500: .badRequest
                default: .unavailable
                }
            throw RegistryError(kind, reason, step: problem?.step.map { ($0, problem?.stepName ?? "") })
        }
        return data
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws(RegistryError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw RegistryError(.unavailable, "the registry's answer is not the expected document: \(error)")
        }
    }

    private struct Problem: Decodable {
        let error: String
        let step: Int?
        let stepName: String?

        enum CodingKeys: String, CodingKey {
            case error, step
            case stepName = "step_name"
        }
    }
}
