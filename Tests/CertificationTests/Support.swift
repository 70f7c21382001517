import Foundation
import Harness
import TestSupport

extension TemporaryFolder {
    /// `name` inside the folder (not created).
    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    /// Every entry of the folder, recursively.
    func contents() -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).sorted()
    }
}

/// Golden files (`Golden/<name>.txt`): what the command line prints, compared byte for byte.
/// `AITC_UPDATE_GOLDEN=1` rewrites them from the actual output.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        .path

    /// The golden text `name`, or the actual text after writing it when updating.
    static func expected(_ name: String, actual: String) throws -> String {
        let path = (folder as NSString).appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["AITC_UPDATE_GOLDEN"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// The built `aitc` command, run as a user runs it.
enum CommandLine {
    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func aitc(_ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        let binaries = (try AgentLocator.hostAgent() as NSString).deletingLastPathComponent
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (binaries as NSString).appendingPathComponent("aitc"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: ProjectRoot.path)
        var env = ProcessInfo.processInfo.environment
        env["AITC_DEVICE_TOKEN"] = nil
        for (key, value) in environment ?? [:] { env[key] = value }
        process.environment = env
        let folder = try TemporaryFolder()
        _ = FileManager.default.createFile(atPath: folder.file("out"), contents: nil)
        _ = FileManager.default.createFile(atPath: folder.file("err"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("out")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("err")))
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        return Outcome(
            status: process.terminationStatus, stdout: try String(contentsOfFile: folder.file("out"), encoding: .utf8),
            stderr: try String(contentsOfFile: folder.file("err"), encoding: .utf8))
    }
}
