import Foundation
import TestSupport

/// Builds a negative-control backend that wraps the reference backend through the ABI
/// (`Tests/Fixtures/backends/NAME.c` compiled together with `Sources/CAitcReference`) into a shared
/// library, once per test process and fixture.
enum ReferenceFixture {
    /// The cheating fixture of the integrity audits (cache, detect, degrade, stall).
    static let cheating = build("cheating_backend")
    /// The cheats of a vendor who has read aitc's code (fingerprint cache, memorised accuracy pass,
    /// stale outputs, throttling, a false accelerator claim) and the honest jittery control.
    static let vendorCheats = build("vendor_cheats")
    /// The backend that reads the agent's memory for the newest `run` request and computes only at the
    /// positions the harness will check (the rest: the previous output).
    static let peekRequest = build("peek_request")
    /// The LLM fixture that corrupts one logit every few decode steps.
    static let corruptLogit = build("corrupt_logit_backend")
    /// The reference backend in a library that declares itself "reference" (report identity tests).
    static let disguisedReference = build("disguised_reference")
    /// The fixture that breaks one backend ABI rule (AITC_BREAK) for `aitc backend check`.
    static let ruleBreaker = build("rulebreaker_backend")

    struct BuildError: Error, CustomStringConvertible {
        let description: String
    }

    private static func build(_ name: String) -> Result<String, BuildError> {
        let root = ProjectRoot.path
        let output = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-\(name)-\(UUID().uuidString).so")
        let reference = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/Sources/CAitcReference")) ?? []
        let sources = reference.filter { $0.hasSuffix(".c") }.sorted().map { "\(root)/Sources/CAitcReference/\($0)" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "cc", "-std=c99", "-O2", "-shared", "-fPIC", "-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter",
                "-D_POSIX_C_SOURCE=200809L", "-I", "\(root)/Sources/CAitcBackendABI/include",
                "-I", "\(root)/Sources/CAitcReference/include", "\(root)/Tests/Fixtures/backends/\(name).c",
            ] + sources + ["-o", output, "-lm", "-lpthread"]
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { return .failure(.init(description: "cannot run cc: \(error)")) }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(.init(description: "cc failed on \(name).c: \(message)"))
        }
        return .success(output)
    }
}
