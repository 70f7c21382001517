import Foundation
import Testing

@testable import Conformance

/// Every malformed standard yields a diagnostic naming the file and the offending line.
/// Line numbers refer to `Fixtures.standard()` (clause on line 6, requirement on line 13).
@Suite("Loader diagnostics")
struct LoaderDiagnosticTests {
    private func lint(_ text: String) throws -> (file: String, diagnostics: [Diagnostic]) {
        let directory = try FixtureDirectory()
        let file = try directory.write("standard.yaml", text)
        return (file, StandardsLoader().lint(paths: [file]))
    }

    /// Asserts a diagnostic at `line` in `file` whose message contains `fragment`.
    private func expectDiagnostic(
        _ text: String, line: Int, containing fragment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (file, diagnostics) = try lint(text)
        let hit = diagnostics.first { $0.line == line && $0.message.contains(fragment) }
        #expect(
            hit != nil,
            "no diagnostic at line \(line) containing '\(fragment)'; got: \(diagnostics.map(\.description))",
            sourceLocation: sourceLocation)
        #expect(hit?.file == file, sourceLocation: sourceLocation)
    }

    @Test("the fixture itself is valid")
    func validFixture() throws {
        #expect(try lint(Fixtures.standard()).diagnostics == [])
    }

    @Test("YAML syntax error gives file and line")
    func syntaxError() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "title: Test standard", with: "title: Test: standard"),
            line: 4, containing: "YAML syntax error")
    }

    @Test("unterminated quote gives a line")
    func unterminatedQuote() throws {
        let (_, diagnostics) = try lint(
            Fixtures.standard(replacing: "title: Test standard", with: "title: \"Test standard"))
        #expect(diagnostics.count == 1)
        #expect((diagnostics.first?.line ?? 0) >= 4)
    }

    @Test("tab indentation")
    func tabIndentation() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "    level: mandatory", with: "\tlevel: mandatory"),
            line: 8, containing: "tab character")
    }

    @Test("missing clause id")
    func missingID() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "  - id: TST-01\n    title: A clause", with: "  - title: A clause"),
            line: 6, containing: "missing required key 'id'")
    }

    @Test("missing top-level key")
    func missingFamily() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "family: latency\n", with: ""), line: 1,
            containing: "missing required key 'family'")
    }

    @Test("duplicate clause id across two files")
    func duplicateAcrossFiles() throws {
        let directory = try FixtureDirectory()
        let first = try directory.write("a.yaml", Fixtures.standard(id: "aitc-a", clauseID: "TST-01"))
        let second = try directory.write("b.yaml", Fixtures.standard(id: "aitc-b", clauseID: "TST-01"))
        let diagnostics = StandardsLoader().lint(paths: [directory.path])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.file == second)
        #expect(diagnostics.first?.line == 6)
        #expect(diagnostics.first?.message.contains("duplicate clause id 'TST-01'") == true)
        #expect(diagnostics.first?.message.contains("\(first):6") == true)
    }

    @Test("duplicate standard id across two files")
    func duplicateStandard() throws {
        let directory = try FixtureDirectory()
        try directory.write("a.yaml", Fixtures.standard(id: "aitc-a", clauseID: "TST-01"))
        try directory.write("b.yaml", Fixtures.standard(id: "aitc-a", clauseID: "TST-02"))
        let diagnostics = StandardsLoader().lint(paths: [directory.path])
        #expect(diagnostics.map(\.line) == [1])
        #expect(diagnostics.first?.message.contains("duplicate standard id") == true)
    }

    @Test("unknown device class")
    func unknownDeviceClass() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "[smartphone, pc]", with: "[smartphone, robot-dog, pc]"),
            line: 10, containing: "unknown device class 'robot-dog'")
    }

    @Test("unknown workload kind")
    func unknownWorkloadKind() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "[vision-mobile]", with: "[vision-huge]"),
            line: 11, containing: "unknown workload kind 'vision-huge'")
    }

    @Test("unknown metric")
    func unknownMetric() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "single_stream.p90_latency", with: "single_stream.p95_latency"),
            line: 13, containing: "unknown metric 'single_stream.p95_latency'")
    }

    @Test("unit mismatch")
    func unitMismatch() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "unit: ms", with: "unit: s"), line: 14, containing: "catalogue unit 'ms'")
    }

    @Test("threshold for a class outside applies_to")
    func thresholdOutsideAppliesTo() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "          pc: 5", with: "          pc: 5\n          toy: 50"),
            line: 19, containing: "not in applies_to.device_classes")
    }

    @Test("non-numeric threshold", arguments: ["ten", "\"10\"", ".inf", "[10]"])
    func nonNumericThreshold(value: String) throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "smartphone: 10", with: "smartphone: \(value)"),
            line: 17, containing: "must be a plain finite number")
    }

    @Test("bad comparison")
    func badComparison() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "comparison: \"<=\"", with: "comparison: \"=<\""),
            line: 15, containing: "expected one of <= | < | >= | > | ==")
    }

    @Test("bad level")
    func badLevel() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "level: mandatory", with: "level: optional"),
            line: 8, containing: "expected one of mandatory | recommended")
    }

    @Test("bad version")
    func badVersion() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "version: 0.1.0", with: "version: 0.1"), line: 3,
            containing: "not a semantic version")
    }

    @Test("unknown key, and the key it replaced reported missing")
    func unknownKey() throws {
        let text = Fixtures.standard(replacing: "    method: SingleStream p90.", with: "    methd: SingleStream p90.")
        try expectDiagnostic(text, line: 19, containing: "unknown key 'methd'")
        try expectDiagnostic(text, line: 6, containing: "missing required key 'method'")
    }

    @Test("empty file", arguments: ["", "# only a comment\n"])
    func emptyFile(text: String) throws {
        try expectDiagnostic(text, line: 1, containing: "file is empty")
    }

    @Test("a scalar instead of a mapping at the top level")
    func scalarTopLevel() throws {
        try expectDiagnostic("just some text\n", line: 1, containing: "top level must be a mapping")
    }

    @Test("a scalar instead of the applies_to mapping")
    func scalarAppliesTo() throws {
        let text = Fixtures.standard(
            replacing:
                "    applies_to:\n      device_classes: [smartphone, pc]\n      workload_kinds: [vision-mobile]\n",
            with: "    applies_to: smartphone\n")
        try expectDiagnostic(text, line: 9, containing: "must be a mapping")
    }

    @Test("duplicate key in one mapping")
    func duplicateKey() throws {
        try expectDiagnostic(
            Fixtures.standard(replacing: "    level: mandatory", with: "    level: mandatory\n    level: recommended"),
            line: 8, containing: "duplicate key 'level'")
    }

    @Test("lint collects every problem in every file")
    func collectsAll() throws {
        let directory = try FixtureDirectory()
        let first = try directory.write(
            "a.yaml",
            Fixtures.standard(
                replacing: "unit: ms\n        comparison: \"<=\"", with: "unit: s\n        comparison: \"=<\""))
        let second = try directory.write("b.yml", "")
        try directory.write("notes.txt", "not a standard")
        let diagnostics = StandardsLoader().lint(paths: [directory.path])
        #expect(diagnostics.map(\.file) == [first, first, second])
        #expect(diagnostics.map(\.line) == [14, 15, 1])
    }

    @Test("load throws every diagnostic, printable as file:line: message")
    func loadThrows() throws {
        let directory = try FixtureDirectory()
        let file = try directory.write("s.yaml", Fixtures.standard(replacing: "unit: ms", with: "unit: s"))
        let error = #expect(throws: StandardsError.self) { try StandardsLoader().load(paths: [file]) }
        #expect(error?.code == .invalidStandards)
        #expect(error?.diagnostics.count == 1)
        #expect(error?.diagnostics.first?.description.hasPrefix("\(file):14: unit 's'") == true)
        #expect(error?.description.contains("\(file):14:") == true)
    }

    @Test("a missing path is an error naming it")
    func missingPath() throws {
        let path = NSTemporaryDirectory() + "aitc-no-such-\(UUID().uuidString).yaml"
        let diagnostics = StandardsLoader().lint(paths: [path])
        #expect(diagnostics.map(\.description) == ["\(path): no such file or directory"])
    }

    @Test("a directory loads its YAML files in name order")
    func directoryOrder() throws {
        let directory = try FixtureDirectory()
        try directory.write("b.yaml", Fixtures.standard(id: "aitc-b", clauseID: "TST-02"))
        try directory.write("a.yml", Fixtures.standard(id: "aitc-a", clauseID: "TST-01"))
        let set = try StandardsLoader().load(paths: [directory.path])
        #expect(set.standards.map(\.id) == ["aitc-a", "aitc-b"])
        #expect(set.standard(containing: "TST-02")?.id == "aitc-b")
        #expect(set.clause(id: "TST-01")?.line == 6)
        #expect(set.clause(id: "TST-09") == nil)
    }
}
