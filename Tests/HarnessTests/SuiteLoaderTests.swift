import Conformance
import Foundation
import TestSupport
import Testing

@testable import Harness

struct SuiteLoaderTests {
    static let digest = String(repeating: "ab", count: 32)

    static func suite(
        workloadExtra: String = "", top: String = "device_class: smartphone", kind: String = "vision-tiny"
    ) -> String {
        """
        suite: demo
        version: 0.1.0
        title: Demo
        \(top)
        clauses: [LAT-01]
        workloads:
          - id: w
            title: W
            kind: \(kind)
            precision: fp32
            model: {path: m.onnx, sha256: \(digest)}
            inputs:
              input: {path: x.npy, sha256: \(digest)}
            quality:
              - {metric: top1-accuracy, target: 0.9, reference: {path: y.npy, sha256: \(digest)}}
            scenarios: [single-stream]
        \(workloadExtra)
        """
    }

    @Test func loadsAValidSuiteWithPathsRelativeToTheFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("demo.yaml", Self.suite())
        let suite = try SuiteLoader(suitesDirectory: folder.path).load(path)
        #expect(suite.id == "demo")
        #expect(suite.workloads.first?.model.path == (folder.path as NSString).appendingPathComponent("m.onnx"))
        #expect(suite.sha256.count == 64)
        #expect(try SuiteLoader(suitesDirectory: folder.path).load("demo").id == "demo")
    }

    @Test(arguments: [
        (Self.suite(top: "device_class: fridge"), 4, "unknown device class"),
        (Self.suite(kind: "vision-huge"), 9, "unknown workload kind"),
        (Self.suite(top: "device_class: smartphone\ncolour: blue"), 5, "unknown key 'colour'"),
        (
            Self.suite().replacingOccurrences(of: "[single-stream]", with: "[single-stream, turbo]"), 16,
            "unknown scenario 'turbo'"
        ),
        (
            Self.suite().replacingOccurrences(of: "target: 0.9", with: "target: high"), 15,
            "must be a plain finite number"
        ),
        // The one YAML reader's rules, as for standards: a quoted number is text, a tab never indents.
        (
            Self.suite().replacingOccurrences(of: "target: 0.9", with: "target: \"0.9\""), 15,
            "must be a plain finite number"
        ),
        (Self.suite().replacingOccurrences(of: "  - id: w\n", with: "\t- id: w\n"), 7, "tab character in indentation"),
        (
            Self.suite().replacingOccurrences(of: "sha256: \(digest)}\n    inputs", with: "sha256: 1234}\n    inputs"),
            11, "64 hex digits"
        ),
        (Self.suite().replacingOccurrences(of: "version: 0.1.0", with: "version: one"), 2, "semantic version"),
        (Self.suite().replacingOccurrences(of: "  - id: w\n", with: "  - id: w\n  bad: [\n"), 8, "YAML syntax error"),
        ("", 1, "empty"),
    ])
    func malformedSuitesNameFileAndLine(text: String, line: Int, message: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("bad.yaml", text)
        do {
            _ = try SuiteLoader(suitesDirectory: folder.path).load(path)
            Issue.record("expected an error for \(message)")
        } catch {
            #expect(error.file.hasSuffix("bad.yaml"))
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func missingSuiteListsTheKnownOnes() throws {
        let folder = try TemporaryFolder()
        try folder.write("demo.yaml", Self.suite())
        #expect(throws: SuiteError.self) { try SuiteLoader(suitesDirectory: folder.path).load("nope") }
        #expect(SuiteLoader(suitesDirectory: folder.path).names() == ["demo"])
    }

    @Test func shippedSuitesAndRunRulesLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let layout = ProjectLayout(root: root)
        let loader = SuiteLoader(suitesDirectory: layout.suitesDirectory)
        #expect(loader.names().contains("smartphone"))
        for name in loader.names() { _ = try loader.load(name) }
        let rules = try RunRules.load(path: layout.runRulesPath)
        #expect(try rules.mode("quick").singleStream.minQueries > 0)
        #expect(throws: SuiteError.self) { try rules.mode("turbo") }
    }
}
