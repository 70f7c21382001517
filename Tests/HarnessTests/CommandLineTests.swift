import Foundation
import TestSupport
import Testing

@testable import Harness

/// The `aitc` command itself, as a user runs it: exit statuses and messages of the contracts in
/// Docs/architecture.md (lint, keys, verify).
struct CommandLineTests {
    struct Outcome {
        let status: Int32
        let output: String
    }

    static func aitc(_ arguments: [String]) throws -> Outcome {
        let folder = (try AgentLocator.hostAgent() as NSString).deletingLastPathComponent
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (folder as NSString).appendingPathComponent("aitc"))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: ProjectRoot.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: output)
    }

    @Test func lintAcceptsTheShippedStandardsWithAndWithoutAPath() throws {
        #expect(try Self.aitc(["standards", "lint"]).status == 0)
        #expect(try Self.aitc(["standards", "lint", "Standards/"]).status == 0)
    }

    @Test func lintNamesFileAndLineOfEveryProblem() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("bad.yaml", "standard: x\nfamily: latency\nversion: one\n")
        let outcome = try Self.aitc(["standards", "lint", path])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("\(path):3:"), "\(outcome.output)")
        #expect(outcome.output.contains("\(path):1:"), "\(outcome.output)")
    }

    @Test func keysAreWrittenPrivateAndAVerifyFailsOnAnUntrustedKey() throws {
        let folder = try TemporaryFolder()
        let prefix = (folder.path as NSString).appendingPathComponent("lab")
        #expect(try Self.aitc(["keys", "generate", "--out", prefix]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: prefix + ".key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(
            try Self.aitc(["keys", "generate", "--out", prefix]).status != 0, "an existing key must not be overwritten")
        let notAnEnvelope = try folder.write("x.dsse.json", "{}")
        let outcome = try Self.aitc(["verify", notAnEnvelope, "--trust", prefix + ".pub"])
        #expect(outcome.status != 0)
        #expect(outcome.output.contains("FAILED"))
    }

    @Test func standardsListNamesEveryFamily() throws {
        let outcome = try Self.aitc(["standards", "list"])
        #expect(outcome.status == 0)
        for clause in ["LAT-01", "QUA-01", "ENG-01", "PRV-06"] { #expect(outcome.output.contains(clause)) }
    }
}
