import Foundation

/// Where aitc finds its data folders (`Standards/`, `Suites/`, `Reports/`): the nearest folder,
/// from the working directory up, then from the executable up, that holds `Standards/` and `Suites/`.
public struct ProjectLayout: Sendable, Equatable {
    /// The folder that holds `Standards/` and `Suites/`.
    public let root: String

    /// `Standards/` under the root.
    public var standardsDirectory: String { (root as NSString).appendingPathComponent("Standards") }
    /// `Suites/` under the root.
    public var suitesDirectory: String { (root as NSString).appendingPathComponent("Suites") }
    /// `Reports/` under the root.
    public var reportsDirectory: String { (root as NSString).appendingPathComponent("Reports") }
    /// `Suites/run-rules.yaml` under the root.
    public var runRulesPath: String { (suitesDirectory as NSString).appendingPathComponent(RunRules.fileName) }

    /// The layout rooted at `root` (not checked).
    public init(root: String) {
        self.root = root
    }

    /// Finds the layout, or `nil` when neither the working directory nor the executable is inside one.
    public static func discover() -> ProjectLayout? {
        let fm = FileManager.default
        let executable = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        for start in [fm.currentDirectoryPath, (executable as NSString).deletingLastPathComponent] {
            var folder = URL(fileURLWithPath: start).standardizedFileURL.path
            while true {
                var isDir: ObjCBool = false
                let standards = (folder as NSString).appendingPathComponent("Standards")
                let suites = (folder as NSString).appendingPathComponent("Suites")
                if fm.fileExists(atPath: standards, isDirectory: &isDir), isDir.boolValue,
                    fm.fileExists(atPath: suites, isDirectory: &isDir), isDir.boolValue
                {
                    return ProjectLayout(root: folder)
                }
                let parent = (folder as NSString).deletingLastPathComponent
                if parent == folder || parent.isEmpty { break }
                folder = parent
            }
        }
        return nil
    }
}
