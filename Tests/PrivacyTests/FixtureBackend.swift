import Foundation
import TestSupport

/// Builds a privacy fixture backend (Tests/Fixtures/backends/NAME.c + fixture_base.c) into a
/// shared library at test time with the C compiler on PATH.
enum FixtureBackend {
    struct BuildFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func build(_ name: String, in folder: String) throws -> String {
        let sources = "\(ProjectRoot.path)/Tests/Fixtures/backends"
        let include = "\(ProjectRoot.path)/Sources/CAitcBackendABI/include"
        let library = "\(folder)/lib\(name).so"
        guard let compiler = ["cc", "clang", "gcc"].compactMap({ tool in
            ["/usr/bin", "/bin", "/usr/local/bin"].map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }).first else { throw BuildFailure(description: "no C compiler") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = [
            "-shared", "-fPIC", "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra", "-Werror", "-I", include, "-I", sources,
            "\(sources)/fixture_base.c", "\(sources)/\(name).c", "-o", library,
        ]
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        guard !process.isRunning, process.terminationStatus == 0 else {
            throw BuildFailure(description: "\(compiler) failed to build fixture \(name)")
        }
        return library
    }
}
