extension AttestationError {
    /// The kinds of failure an ``AttestationError`` can report.
    ///
    /// A struct wrapping a private enum, so new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Backing: String, Hashable, Sendable {
            case invalidJSON
            case invalidKey
            case keyFileExists
            case keyFileIO
            case unsupportedKeyFile
            case signingFailed
            case malformedEnvelope
            case invalidBase64
            case noSignatures
            case untrustedSigner
            case invalidSignature
            case unexpectedPayloadType
            case malformedStatement
            case wrongStatementType
            case wrongPredicateType
            case subjectDigestMismatch
            case fileUnreadable
            case limitExceeded
            case keyIDMismatch
            case unsafeInteger
            case reportFileMismatch
        }

        fileprivate let backing: Backing

        fileprivate init(_ backing: Backing) {
            self.backing = backing
        }

        /// Bytes that should be JSON are not valid JSON (RFC 8259, UTF-8, no duplicate keys).
        public static let invalidJSON = Code(.invalidJSON)
        /// A key is not an Ed25519 key in the expected PEM/DER form.
        public static let invalidKey = Code(.invalidKey)
        /// Key generation refused to overwrite an existing file.
        public static let keyFileExists = Code(.keyFileExists)
        /// A key file could not be read or written.
        public static let keyFileIO = Code(.keyFileIO)
        /// A file holds no usable key (e.g. not PEM, or an unsupported PEM block).
        public static let unsupportedKeyFile = Code(.unsupportedKeyFile)
        /// The signing primitive failed.
        public static let signingFailed = Code(.signingFailed)
        /// The envelope is not a JSON DSSE envelope.
        public static let malformedEnvelope = Code(.malformedEnvelope)
        /// The payload or a signature is not valid base64.
        public static let invalidBase64 = Code(.invalidBase64)
        /// The envelope carries no signature at all.
        public static let noSignatures = Code(.noSignatures)
        /// No signature was made by any trusted key.
        public static let untrustedSigner = Code(.untrustedSigner)
        /// A signature claiming a trusted key does not verify: the envelope was altered.
        public static let invalidSignature = Code(.invalidSignature)
        /// The envelope's payloadType is not the one expected.
        public static let unexpectedPayloadType = Code(.unexpectedPayloadType)
        /// The payload is not an in-toto statement with the required fields.
        public static let malformedStatement = Code(.malformedStatement)
        /// The statement's `_type` is not in-toto Statement v1.
        public static let wrongStatementType = Code(.wrongStatementType)
        /// The statement's predicateType is not the one expected.
        public static let wrongPredicateType = Code(.wrongPredicateType)
        /// The subject digest does not match the SHA-256 of the canonical predicate.
        public static let subjectDigestMismatch = Code(.subjectDigestMismatch)
        /// A file given to the verifier cannot be opened or read.
        public static let fileUnreadable = Code(.fileUnreadable)
        /// An input is over a ``VerificationLimits`` cap (size, signatures, nesting).
        public static let limitExceeded = Code(.limitExceeded)
        /// A signature verifies with a trusted key but its `keyid` names another key.
        public static let keyIDMismatch = Code(.keyIDMismatch)
        /// A report holds an integer outside ±(2^53−1), which RFC 8785 verifiers cannot reproduce.
        public static let unsafeInteger = Code(.unsafeInteger)
        /// The report file beside the envelope is not byte-identical to the signed predicate.
        public static let reportFileMismatch = Code(.reportFileMismatch)

        /// The code's name, e.g. `invalidSignature`.
        public var description: String { backing.rawValue }
    }
}
