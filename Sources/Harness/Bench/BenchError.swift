/// Why `aitc bench` or `aitc infer` could not run a model.
public struct BenchError: Error, Sendable, CustomStringConvertible {
    private enum Code: Sendable {
        case unsupportedModel
        case badShape
        case badInput
        case io
        case malformedModel
        case agent
    }

    private let code: Code
    /// What went wrong and what to do about it.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The backend refused the model (an operator it does not run); the message names op and node.
    static func unsupportedModel(_ message: String) -> BenchError { BenchError(.unsupportedModel, message) }
    /// A `--shape` does not fit the model, or a symbolic dimension has no value.
    static func badShape(_ message: String) -> BenchError { BenchError(.badShape, message) }
    /// An `--input` file does not fit the model.
    static func badInput(_ message: String) -> BenchError { BenchError(.badInput, message) }
    /// A file could not be read or written.
    static func io(_ message: String) -> BenchError { BenchError(.io, message) }
    /// The ONNX file is not the protobuf it claims to be.
    static func malformedModel(_ message: String) -> BenchError { BenchError(.malformedModel, message) }
    /// The agent failed or the device was lost.
    static func agent(_ error: AgentError) -> BenchError { BenchError(.agent, error.description) }

    /// Whether the model itself was refused (exit 2 in the CLI), as opposed to a usage or I/O problem.
    public var isModelRefused: Bool { code == .unsupportedModel }

    public var description: String { message }
}
