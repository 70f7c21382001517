/// What a seal of ``LogSigner`` covers: each part is sealed under its own label, so a seal made for
/// one part (an entry's comparison fields) never verifies another (its listing fields).
enum SealedPart: String, Sendable {
    /// ``ReportComparison/fields(of:)``, kept in `registry_comparison_fields` (no label: the seals
    /// made before the index was sealed stay valid).
    case comparisonFields = ""
    /// The listing fields of `registry_entries`: the index JSON, the time received and the earlier entry.
    case index
}
