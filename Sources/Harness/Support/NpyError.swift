/// A `.npy` file the harness cannot read.
public struct NpyError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be read.
    public let path: String
    /// What is wrong with it, as a sentence.
    public let message: String

    init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
