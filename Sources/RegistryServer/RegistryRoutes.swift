import Foundation
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Registry

/// The registry's router: the JSON API as generated from Docs/registry-openapi.yaml (handlers in
/// ``RegistryAPI``, refusals written by ``RegistryErrorMiddleware``) and the HTML pages
/// (``RegistryPageRoutes``). Every refusal is a 4xx (or 503 for the database) with
/// `{"error": sentence}`; no error escapes to become a 500.
public enum RegistryRoutes {
    /// A router for `store`.
    public static func router(store: RegistryStore) -> Router<BasicRequestContext> {
        let router = Router()
        do {
            try RegistryAPI(store: store).registerHandlers(
                on: router, serverURL: .defaultOpenAPIServerURL,
                configuration: Configuration(jsonEncodingOptions: [.sortedKeys]),
                middlewares: [RegistryErrorMiddleware()])
        } catch {
            // Registration fails only for a server URL that is not a URL; the default "/" is one.
            preconditionFailure("the registry's API could not be registered: \(error)")
        }
        RegistryPageRoutes.add(to: router, store: store)
        return router
    }

    /// Runs a page handler, turning every refusal into its status and sentence.
    static func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            let (head, data) = RegistryErrorMiddleware.refusalDocument(RegistryErrorMiddleware.refusal(error))
            return Response(
                status: head.status, headers: head.headerFields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
