import Foundation

/// A conformance report whose envelope verified: signed by a trusted key, of the right types,
/// and whose subject digest matches its content.
public struct VerifiedReport: Sendable, Equatable {
    /// The verified in-toto statement.
    public let statement: InTotoStatement
    /// The ``VerifyingKey/keyID`` of the trusted key whose signature verified.
    public let signerKeyID: String

    /// The report itself (the statement's predicate).
    public var predicate: JSONValue { statement.predicate }

    /// The report's name as recorded in the subject, e.g. `R-0001.report.json`.
    public var reportName: String { statement.subject.first?.name ?? "" }

    /// The SHA-256 (lowercase hex) of ``canonicalReport``, equal to the subject digest.
    public var reportDigest: String { statement.subject.first?.digest["sha256"] ?? "" }

    /// The report in its canonical bytes, identical to the report file the harness wrote.
    public var canonicalReport: Data { predicate.canonicalData() }

    /// Creates a verified report; only ``ReportAttestor`` should call this.
    init(statement: InTotoStatement, signerKeyID: String) {
        self.statement = statement
        self.signerKeyID = signerKeyID
    }
}
