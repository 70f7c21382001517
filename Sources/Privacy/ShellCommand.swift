import Foundation

#if canImport(Glibc)
import Glibc
import Harness
#endif

/// Runs a helper program (`ip`, an erase command) with a bounded time and captures its output.
struct ShellCommand: Sendable {
    let executable: String
    let arguments: [String]
    /// Seconds before the command is killed.
    var timeout: Double = 20

    /// The folders searched for system tools, in order.
    static let searchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/local/bin"]

    /// The full path of `name` in the system folders, or nil.
    static func locate(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return searchPath.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the command; returns its standard output or throws with its standard error.
    @discardableResult
    func run() throws(PrivacyError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let shown = ([executable] + arguments).joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw .commandFailed("could not start `\(shown)`: \(error.localizedDescription)")
        }
        let collector = PrivacyCommandOutput()
        let group = DispatchGroup()
        for (index, pipe) in [output, errors].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collector.set(index, data)
                group.leave()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning {
            process.terminate()
            usleep(100_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            _ = group.wait(timeout: .now() + 2)
            throw .commandFailed("`\(shown)` did not finish within \(Int(timeout)) s and was stopped")
        }
        process.waitUntilExit()
        _ = group.wait(timeout: .now() + 5)
        let (out, err) = collector.texts()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let detail = err.trimmingCharacters(in: .whitespacesAndNewlines)
            throw .commandFailed("`\(shown)` failed (status \(process.terminationStatus)): \(detail.isEmpty ? "no message" : detail)")
        }
        return out
    }
}
