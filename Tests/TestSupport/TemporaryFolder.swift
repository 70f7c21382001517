import Foundation

/// A fresh folder under the system temporary directory, for fixture files.
package struct TemporaryFolder {
    package let path: String

    /// A fresh folder in `parent` (the system temporary directory, `$TMPDIR`, unless named).
    package init(under parent: String = NSTemporaryDirectory()) throws {
        path = (parent as NSString).appendingPathComponent("aitc-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the folder and returns the file's path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes `text` to `name` readable by its owner only (mode 0600, as the tcp agent demands of a
    /// token file) and returns the file's path.
    @discardableResult
    package func writeSecret(_ name: String, _ text: String) throws -> String {
        let file = try write(name, text)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        return file
    }

    /// Writes `data` to `name` inside the folder and returns the file's path.
    @discardableResult
    package func write(_ name: String, data: Data) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }
}
