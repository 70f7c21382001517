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
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Network namespaces cannot be used here (not root, no `ip`, kernel refuses).
    public static func isolationUnavailable(_ message: String) -> PrivacyError {
        PrivacyError(.isolationUnavailable, message)
    }
    /// A helper command failed or ran out of time.
    public static func commandFailed(_ message: String) -> PrivacyError { PrivacyError(.commandFailed, message) }
    /// The packet capture or the sink could not be started or read.
    public static func captureFailed(_ message: String) -> PrivacyError { PrivacyError(.captureFailed, message) }
    /// A file the audit reads (declaration, pcap, samples) is unusable.
    public static func invalidInput(_ message: String) -> PrivacyError { PrivacyError(.invalidInput, message) }
    /// The device agent failed during the audit.
    public static func deviceFailed(_ message: String) -> PrivacyError { PrivacyError(.deviceFailed, message) }

    /// Whether the failure means isolation is impossible here (so clauses are inconclusive).
    public var isIsolationUnavailable: Bool { code == .isolationUnavailable }

    public var description: String { message }
}
