import Foundation

/// Locates the package root (the folder holding Package.swift) by walking up from a source file.
enum PackageRoot {
    static func path(from file: String = #filePath) -> String? {
        var url = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
            url = url.deletingLastPathComponent()
        }
        return nil
    }
}
