import Foundation

/// A temporary directory for standard-file fixtures, removed when the value is released.
final class FixtureDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "aitc-conformance-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` inside the directory and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}
