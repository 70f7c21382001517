import Foundation
import TestSupport

/// Builds a privacy fixture backend (Tests/Fixtures/backends/NAME.c + fixture_base.c, on the
/// reference backend) into a shared library at test time with the C compiler on PATH. The
/// reference backend's sources are compiled once per test process into a static archive.
enum FixtureBackend {
    struct BuildFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func build(_ name: String, in folder: String) throws -> String {
        let root = ProjectRoot.path
        let sources = "\(root)/Tests/Fixtures/backends"
        let library = "\(folder)/lib\(name).so"
        let archive = try referenceArchive.get()
        try run(
            [
                "-shared", "-fPIC", "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra", "-Werror", "-I",
                "\(root)/Sources/CAitcBackendABI/include",
                "-I", "\(root)/Sources/CAitcReference/include", "-I", sources, "\(sources)/fixture_base.c",
                "\(sources)/\(name).c", archive, "-o", library,
                "-lm", "-lpthread",
            ], what: "fixture \(name)")
        return library
    }

    /// `libaitcref.a`: the reference backend, position-independent, built once.
    private static let referenceArchive: Result<String, BuildFailure> = {
        let root = ProjectRoot.path
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "aitc-privacy-reference-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let names = try FileManager.default.contentsOfDirectory(atPath: "\(root)/Sources/CAitcReference").filter {
                $0.hasSuffix(".c")
            }.sorted()
            for name in names {
                try run(
                    [
                        "-c", "-fPIC", "-O2", "-std=c99", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra", "-Werror",
                        "-Wno-unused-parameter",
                        "-I", "\(root)/Sources/CAitcBackendABI/include", "-I", "\(root)/Sources/CAitcReference/include",
                        "\(root)/Sources/CAitcReference/\(name)", "-o", "\(folder)/\(name).o",
                    ], what: "the reference backend (\(name))")
            }
            let archive = "\(folder)/libaitcref.a"
            try run(["rcs", archive] + names.map { "\(folder)/\($0).o" }, what: "the reference archive", tool: "ar")
            return .success(archive)
        } catch let failure as BuildFailure {
            return .failure(failure)
        } catch {
            return .failure(BuildFailure(description: "cannot build the reference archive: \(error)"))
        }
    }()

    private static func run(_ arguments: [String], what: String, tool: String = "cc") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BuildFailure(description: "\(tool) failed to build \(what): \(message)")
        }
    }
}
