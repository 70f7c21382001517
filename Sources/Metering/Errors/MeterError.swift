/// Why a power meter could not be reached, understood or used.
///
/// The code is a closed set kept private so new kinds can be added without breaking callers;
/// compare with the static members of ``MeterError/Code``.
public struct MeterError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidSpec = "invalid-spec"
            case unreachable
            case timeout
            case connectionLost = "connection-lost"
            case protocolViolation = "protocol-violation"
            case instrumentRefused = "instrument-refused"
            case invalidState = "invalid-state"
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The meter URL could not be parsed or names something unsupported.
        public static let invalidSpec = Code(.invalidSpec)
        /// The instrument could not be connected to.
        public static let unreachable = Code(.unreachable)
        /// The instrument did not answer in time.
        public static let timeout = Code(.timeout)
        /// The connection closed under us.
        public static let connectionLost = Code(.connectionLost)
        /// The instrument answered something the driver cannot use.
        public static let protocolViolation = Code(.protocolViolation)
        /// The instrument answered with an error.
        public static let instrumentRefused = Code(.instrumentRefused)
        /// The caller used the meter out of order (e.g. stop without start).
        public static let invalidState = Code(.invalidState)

        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened and what to do about it, for a person.
    public let message: String

    /// Creates an error of a given kind with an actionable message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "meter \(code): \(message)" }
}
