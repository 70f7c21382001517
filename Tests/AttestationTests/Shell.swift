import Foundation

/// Runs external tools (openssl) for interoperability tests.
enum Shell {
    static let openssl = "/usr/bin/openssl"

    static var hasOpenSSL: Bool {
        FileManager.default.isExecutableFile(atPath: openssl)
    }

    /// Runs `executable arguments…`, returning the exit status and standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
