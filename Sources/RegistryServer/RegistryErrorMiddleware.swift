import Foundation
import HTTPTypes
import OpenAPIRuntime
import Registry

/// Every refusal of the JSON API as the document's `Error` (`{"error": sentence[, step, step_name]}`)
/// with its 4xx, or 503 when the database fails: a ``RegistryError`` from a handler, and what the
/// generated code refuses before a handler runs (a parameter that is not a number, a missing one).
/// It also refuses a filter the listing or the comparison does not know: a misspelt filter must not
/// silently list everything. No error leaves it, so no request gives a 500.
struct RegistryErrorMiddleware: ServerMiddleware {
    /// The filters of the operations that take filters (Docs/registry-openapi.yaml; a test holds the
    /// two equal). Other operations ignore parameters they do not take.
    static let queryParameters: [String: Set<String>] = [
        "listBundles": [
            "device", "device_class", "suite_id", "suite_version", "lab", "decision", "standard_sha256",
            "finished_from", "finished_before", "before", "limit",
        ],
        "compare": ["device", "device_class", "suite_id", "suite_version", "lab", "decision", "limit"],
    ]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            try Self.refuseUnknownParameters(request, operationID: operationID)
            return try await next(request, body, metadata)
        } catch {
            return Self.response(Self.refusal(error))
        }
    }

    static func refuseUnknownParameters(_ request: HTTPRequest, operationID: String) throws(RegistryError) {
        guard let known = queryParameters[operationID], let path = request.path,
            let query = path.split(separator: "?", maxSplits: 1).dropFirst().first
        else { return }
        for pair in query.split(separator: "&") {
            let raw = String(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let name = raw.removingPercentEncoding ?? raw
            guard !known.contains(name) else { continue }
            throw RegistryError(
                .badRequest, "unknown filter ?\(name.prefix(40))=; known: \(known.sorted().joined(separator: ", "))")
        }
    }

    /// The refusal an error stands for: a registry error as it is; what the generated code refused,
    /// as a bad request naming the parameter.
    static func refusal(_ error: any Error) -> RegistryError {
        if let error = error as? RegistryError { return error }
        guard let error = error as? ServerError else {
            return RegistryError(
                .badRequest, "the request could not be handled: \(String(describing: error).prefix(200))")
        }
        if let registry = error.underlyingError as? RegistryError { return registry }
        if let decoding = error.underlyingError as? DecodingError {
            return RegistryError(.badRequest, sentence(decoding))
        }
        // The runtime's own refusals (its error type is not public): name the parameter when it says one.
        let cause = error.causeDescription
        for (prefix, say) in [
            (
                "Missing required query parameter named: ",
                { (name: String) in "give ?\(name)=, which this request needs" }
            ),
            ("Missing required path parameter named: ", { (name: String) in "the address needs its {\(name)} part" }),
        ] where cause.hasPrefix(prefix) {
            return RegistryError(
                .badRequest, say(String(cause.dropFirst(prefix.count))) + " (Docs/registry-openapi.yaml)")
        }
        return RegistryError(
            .badRequest, "the request does not follow the API (Docs/registry-openapi.yaml): \(cause.prefix(200))")
    }

    static func sentence(_ error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            path = context.codingPath
        @unknown default:
            path = []
        }
        let name = path.last.map { $0.stringValue } ?? "a parameter"
        return
            "?\(name)= has a value this API does not take (Docs/registry-openapi.yaml says what each parameter is: numbers are whole numbers)"
    }

    /// The refusal as the HTTP answer.
    static func response(_ error: RegistryError) -> (HTTPResponse, HTTPBody?) {
        let (head, data) = refusalDocument(error)
        return (head, HTTPBody(data))
    }

    /// The refusal's status and `Error` document (the pages answer refusals with it too).
    static func refusalDocument(_ error: RegistryError) -> (HTTPResponse, Data) {
        let status: HTTPResponse.Status
        switch error.kind {
        case .badRequest: status = .badRequest
        case .rejected: status = .unprocessableContent
        case .notFound: status = .notFound
        case .tooLarge: status = .contentTooLarge
        case .inconsistent: status = .conflict
        case .unavailable: status = .serviceUnavailable
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let document = ErrorDocument(error: error.reason, step: error.step?.number, stepName: error.step?.name)
        let data = (try? encoder.encode(document)) ?? Data(#"{"error":"the refusal could not be written"}"#.utf8)
        return (HTTPResponse(status: status, headerFields: [.contentType: "application/json"]), data)
    }
}
