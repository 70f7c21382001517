import Foundation

/// Backend-specific options (`aitc_backend_options.config`): one JSON object, given as text on the
/// command line (`--backend-config '{"provider":"cpu"}'`) or read from a file (`@path`).
public enum BackendConfig {
    /// The parsed object of `text`, or `nil` when `text` is not a JSON object.
    public static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    /// The option's text: `@FILE` reads the file. Throws a sentence a person can act on.
    public static func resolve(_ option: String) throws(BackendConfigError) -> String {
        var text = option
        if option.hasPrefix("@") {
            let path = String(option.dropFirst())
            guard let content = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw BackendConfigError(message: "cannot read the backend config file \(path)")
            }
            text = content
        }
        guard let object = object(text) else {
            throw BackendConfigError(
                message:
                    "--backend-config must be a JSON object such as '{\"provider\":\"cpu\"}' (or @FILE holding one)")
        }
        // Canonical text: what the report records is what the backend was given.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            throw BackendConfigError(message: "--backend-config cannot be re-encoded as JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
