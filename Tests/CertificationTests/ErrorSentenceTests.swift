import Attestation
import Certification
import Conformance
import Foundation
import Metering
import TestSupport
import Testing

@testable import Harness

/// Every error reaches a person as a sentence, never as a Swift type name.
@Suite("ErrorSentence: one presentation for every error")
struct ErrorSentenceTests {
    static let errors: [any Error] = [
        CertificationError(.setup, "the key is missing"),
        AttestationError(.keyFileIO, "cannot read /x.key: no such file"),
        HarnessError(.deviceLost, "device lost during the handshake"),
        AgentError(.unreachable, "aitc-agent not found"),
        MeterError(.unreachable, "nobody answers at ptd://lab:4950"),
        DeviceSpecError(spec: "bogus", message: "unknown device"),
        SuiteError(file: "Suites/x.yaml", line: 3, message: "unknown device class 'fridge'"),
        CocoaError(.fileNoSuchFile),
    ]

    @Test("no known error shows its type name")
    func noTypeNames() {
        for error in Self.errors {
            let sentence = ErrorSentence.sentence(for: error)
            let typeName = String(describing: type(of: error))
            #expect(!sentence.contains(typeName), "\(sentence)")
            #expect(!sentence.isEmpty)
        }
    }

    @Test("the attestation reason is shown without the code prefix")
    func attestation() {
        #expect(
            ErrorSentence.sentence(for: AttestationError(.keyFileIO, "cannot read /x.key: no such file"))
                == "cannot read /x.key: no such file")
    }

    struct OpaqueFailure: Error {}
    struct ChattyFailure: Error, CustomStringConvertible {
        var description: String { "ChattyFailure(code: 3)" }
    }
    struct PoliteFailure: Error, CustomStringConvertible {
        var description: String { "the capture interface went down" }
    }

    @Test("an unknown error type is shown by its own sentence, or by a plain request to report it")
    func fallback() {
        #expect(ErrorSentence.sentence(for: PoliteFailure()) == "the capture interface went down")
        for error in [OpaqueFailure() as any Error, ChattyFailure()] {
            let sentence = ErrorSentence.sentence(for: error)
            #expect(!sentence.contains("Failure"), "\(sentence)")
            #expect(sentence.contains("please report it"))
        }
    }

    @Test("set-up errors exit 64, run and output failures 2")
    func exitStatuses() {
        #expect(CertificationError(.setup, "").exitStatus == 64)
        #expect(CertificationError(.runFailed, "").exitStatus == 2)
        #expect(CertificationError(.output, "").exitStatus == 2)
    }

    @Test("every public error type in Sources/ is presented by the table or by a description of its own")
    func everyErrorTypeHasASentence() throws {
        let sources = (ProjectRoot.path as NSString).appendingPathComponent("Sources")
        let table = try String(
            contentsOfFile: (sources as NSString).appendingPathComponent("Certification/ErrorSentence.swift"),
            encoding: .utf8)
        let declaration = try NSRegularExpression(pattern: #"(?:public|package) (?:struct|enum) (\w+): Error\b"#)
        var seen = 0
        for file in FileManager.default.subpaths(atPath: sources) ?? [] where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: (sources as NSString).appendingPathComponent(file), encoding: .utf8)
            for match in declaration.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                let name = String(text[range])
                seen += 1
                let mapped = table.contains("as \(name)")
                let described = text.contains("var description: String")
                #expect(
                    mapped || described,
                    "Sources/\(file): \(name) has neither an entry in ErrorSentence nor a description")
            }
        }
        #expect(seen >= 10, "the scan must see the package's error types")
    }
}
