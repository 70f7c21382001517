import Foundation
import TestSupport
import Testing

@testable import Harness

/// Docs/backends.md's worked example works as written: its first shell block builds the example
/// backend and `aitc backend check` passes every rule on it.
struct BackendGuideTests {
    @Test func theWorkedExampleBuildsAndPassesTheCheck() throws {
        let guide = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/backends.md", encoding: .utf8)
        let start = try #require(guide.range(of: "```sh\n"))
        let end = try #require(guide[start.upperBound...].range(of: "```"))
        var lines = guide[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
        #expect(lines.last?.contains("aitc certify") == true)
        lines.removeLast()  // certify needs a signing key; its flags are checked by the CLI tests
        let bin = (try AgentLocator.hostAgent() as NSString).deletingLastPathComponent
        let out = (NSTemporaryDirectory() as NSString).appendingPathComponent("aitc-guide-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let script = lines.map { line -> String in
            if line.hasPrefix("B=") { return "B=\(bin)" }
            if line.hasPrefix("OUT=") { return line.replacingOccurrences(of: "/tmp/vendor", with: out) }
            return line
        }.joined(separator: "\n")
        #expect(script.contains("aitc backend check"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: ProjectRoot.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("backend check: every rule kept"), "\(text)")
        #expect(text.contains("thread count honoured"), "\(text)")
    }

    /// Every test the guide cites as evidence (`SomeTests` or `SomeTests.someTest`) exists, so a
    /// claim cannot outlive the test that pinned it.
    @Test func theTestsTheGuideCitesExist() throws {
        let guide = try String(contentsOfFile: "\(ProjectRoot.path)/Docs/backends.md", encoding: .utf8)
        let cited = guide.matches(of: /`([A-Z][A-Za-z]*Tests)(?:\.([A-Za-z]+))?`/).map {
            (String($0.output.1), $0.output.2.map(String.init))
        }
        #expect(cited.count >= 4, "\(cited)")
        let tests =
            FileManager.default.enumerator(atPath: "\(ProjectRoot.path)/Tests")?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
            .compactMap { try? String(contentsOfFile: "\(ProjectRoot.path)/Tests/\($0)", encoding: .utf8) }
            .joined(separator: "\n") ?? ""
        for (suite, test) in cited {
            #expect(tests.contains("struct \(suite) "), "Docs/backends.md cites \(suite), which no test defines")
            if let test {
                #expect(
                    tests.contains("func \(test)("), "Docs/backends.md cites \(suite).\(test), which does not exist")
            }
        }
    }
}
