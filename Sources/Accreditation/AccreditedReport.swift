import Attestation
import Foundation
import X509

/// A report whose bundle passed steps 1–6: signed by an accredited lab within its scope.
public struct AccreditedReport: Sendable {
    /// The verified statement and report.
    public let report: VerifiedReport
    /// The lab certificate and the chain up to and including the trust root.
    public let chain: [Certificate]
    /// The lab's accreditation scope.
    public let scope: AccreditationScope
    /// The time the report says it was signed (its `finished_at`), at which the chain was valid.
    public let signingTime: Date
    /// The outcome of each step so far.
    public let steps: [StepOutcome]

    /// The lab certificate.
    public var leaf: Certificate { chain[0] }
    /// The lab's name (the certificate's common name).
    public var labName: String { CertificateFiles.commonName(of: leaf) }
}
