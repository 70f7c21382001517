import Attestation
import Certification
import Conformance
import Foundation
@testable import Harness
import Metering
import Testing

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
}
