import Accreditation
import Attestation
import Conformance
import Foundation
import Harness
import Metering

/// Turns any error aitc can meet into the sentence a person reads: the module's own reason,
/// never a Swift type name.
public enum ErrorSentence {
    /// The sentence for `error`.
    public static func sentence(for error: any Error) -> String {
        switch error {
        case let error as CertificationError: return error.message
        case let error as AttestationError: return error.reason
        case let error as AccreditationError: return error.reason
        case let error as HarnessError: return error.message
        case let error as AgentError: return error.message
        case let error as BenchError: return error.message
        case let error as MeterError: return "meter: \(error.message)"
        case let error as DeviceSpecError: return error.description
        case let error as SuiteError: return error.description
        case let error as StandardsError: return error.description
        case let error as ScoringError: return error.description
        case let error as NpyError: return error.description
        case let error as BackendConfigError: return error.message
        case let error as CocoaError: return error.localizedDescription
        default: return fallback(error)
        }
    }

    /// An error type this table does not know: its description when that does not expose the
    /// type's name, else a plain request to report it.
    static func fallback(_ error: any Error) -> String {
        let typeName = String(describing: type(of: error))
        let text = String(describing: error)
        if !text.isEmpty && !text.contains(typeName) { return text }
        return "an unexpected internal error stopped aitc; please report it with the command line that caused it"
    }
}
