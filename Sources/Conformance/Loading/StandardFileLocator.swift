import Foundation

/// Expands the paths given to the loader into the standard files to read.
struct StandardFileLocator {
    /// The files: each file path as given, each directory's `*.yaml`/`*.yml` sorted by name.
    /// Missing paths and directories without standard files become diagnostics.
    func files(for paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        let manager = FileManager.default
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(.init(file: path, line: 0, column: 0, message: "no such file or directory"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            let yaml = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            if yaml.isEmpty {
                diagnostics.append(
                    .init(file: path, line: 0, column: 0, message: "directory holds no *.yaml or *.yml standard file"))
            }
            let base = path.hasSuffix("/") ? path : path + "/"
            files.append(contentsOf: yaml.map { base + $0 })
        }
        return (files, diagnostics)
    }
}
