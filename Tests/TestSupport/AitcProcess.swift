import Foundation
import Harness

/// Runs the built `aitc` command line as a person would, capturing its output and status.
package enum AitcProcess {
    /// What a run printed and how it ended.
    package struct Outcome: Sendable {
        package let status: Int32
        package let stdout: String
        package let stderr: String
    }

    /// The `aitc` executable beside the built agent.
    package static func executable() throws -> String {
        ((try AgentLocator.hostAgent() as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "aitc")
    }

    /// Runs `aitc arguments…` (or `program arguments…`) in `folder` (default: the checkout) to completion.
    package static func run(_ arguments: [String], in folder: String? = nil, program: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try program ?? executable())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder ?? ProjectRoot.path)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errors = ErrorCollector(err.fileHandleForReading)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: errors.text())
    }

    /// Reads a pipe on its own thread, so a full stderr cannot block the child while stdout is read.
    private final class ErrorCollector: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
