/// The eight steps of `aitc verify BUNDLE --trust-root ROOT.pem`, in the order they run
/// (Reports/ACCREDITATION.md). A bundle is rejected at the first step that fails, named.
public enum VerificationStep: Int, CaseIterable, Sendable, Comparable {
    case strictParse = 1
    case signature
    case chain
    case revocation
    case scope
    case labFields
    case schema
    case rederivation

    /// A short name for people and for `--json`.
    public var name: String {
        switch self {
        case .strictParse: return "strict-parse"
        case .signature: return "signature"
        case .chain: return "chain"
        case .revocation: return "revocation"
        case .scope: return "scope"
        case .labFields: return "lab-fields"
        case .schema: return "schema"
        case .rederivation: return "re-derivation"
        }
    }

    /// What the step checks, in a few words.
    public var title: String {
        switch self {
        case .strictParse: return "bundle well-formed under the strict parser"
        case .signature: return "DSSE signature by the lab certificate's key"
        case .chain: return "certificate chain to the trust root, valid at the signing time"
        case .revocation: return "lab certificate not revoked"
        case .scope: return "accreditation scope covers the device class and every family judged"
        case .labFields: return "the report's lab fields name the signing certificate"
        case .schema: return "payload type and report schema"
        case .rederivation: return "verdicts, decision and counts re-derived from the measurements"
        }
    }

    public static func < (lhs: VerificationStep, rhs: VerificationStep) -> Bool { lhs.rawValue < rhs.rawValue }
}
