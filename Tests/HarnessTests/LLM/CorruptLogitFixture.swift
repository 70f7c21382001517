import Foundation

/// Builds the LLM negative-control backend (`Tests/Fixtures/backends/corrupt_logit_backend.c`, wrapping
/// the reference backend) into a shared library once per test process.
enum CorruptLogitFixture {
    static let path: Result<String, FixtureBuildError> = build()

    struct FixtureBuildError: Error, CustomStringConvertible {
        let description: String
    }

    private static func build() -> Result<String, FixtureBuildError> {
        let root = ProjectRoot.path
        let output = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-corrupt-\(UUID().uuidString).so")
        let reference = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/Sources/CAitcReference")) ?? []
        let sources = reference.filter { $0.hasSuffix(".c") }.sorted().map { "\(root)/Sources/CAitcReference/\($0)" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "cc", "-std=c99", "-O2", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-D_POSIX_C_SOURCE=200809L",
            "-I", "\(root)/Sources/CAitcBackendABI/include", "-I", "\(root)/Sources/CAitcReference/include",
            "\(root)/Tests/Fixtures/backends/corrupt_logit_backend.c",
        ] + sources + ["-o", output, "-lm", "-lpthread"]
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { return .failure(.init(description: "cannot run cc: \(error)")) }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return .failure(.init(description: "cc failed: \(message)")) }
        return .success(output)
    }
}
