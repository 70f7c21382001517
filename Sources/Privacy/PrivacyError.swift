import Harness

/// Why a privacy audit, or one of its parts, could not be carried out.
package struct PrivacyError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case isolationUnavailable
        case commandFailed
        case captureFailed
        case invalidInput
        case deviceFailed
    }

    private let code: Code
    /// What went wrong and what to do about it.
    package let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Network namespaces cannot be used here (not root, no `ip`, kernel refuses).
    package static func isolationUnavailable(_ message: String) -> PrivacyError {
        PrivacyError(.isolationUnavailable, message)
    }
    /// A helper command failed or ran out of time.
    package static func commandFailed(_ message: String) -> PrivacyError { PrivacyError(.commandFailed, message) }
    /// The packet capture or the sink could not be started or read.
    package static func captureFailed(_ message: String) -> PrivacyError { PrivacyError(.captureFailed, message) }
    /// A file the audit reads (declaration, pcap, samples) is unusable.
    package static func invalidInput(_ message: String) -> PrivacyError { PrivacyError(.invalidInput, message) }
    /// The device agent failed during the audit.
    package static func deviceFailed(_ message: String) -> PrivacyError { PrivacyError(.deviceFailed, message) }

    /// Whether the failure means isolation is impossible here (so clauses are inconclusive).
    package var isIsolationUnavailable: Bool { code == .isolationUnavailable }

    package var description: String { message }
}
