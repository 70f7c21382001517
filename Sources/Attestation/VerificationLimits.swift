/// The caps a verifier applies before it spends memory or CPU on an input, documented in
/// `Reports/SIGNING.md` ("Limits"). A file over a cap is refused without being read whole.
public struct VerificationLimits: Sendable, Equatable {
    /// The largest envelope, bundle or report file accepted, in bytes.
    public var maximumFileBytes: Int
    /// The most signatures an envelope may carry; more is refused before any signature is checked.
    public var maximumSignatures: Int
    /// The deepest nesting of arrays and objects accepted in the envelope, the statement and the report.
    public var maximumDepth: Int

    /// Creates limits.
    public init(maximumFileBytes: Int, maximumSignatures: Int, maximumDepth: Int) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumSignatures = maximumSignatures
        self.maximumDepth = maximumDepth
    }

    /// 64 MiB per file, 16 signatures, 64 levels of nesting: a report with exact per-query
    /// latency histograms is a few MiB and 8 levels deep.
    public static let standard = VerificationLimits(
        maximumFileBytes: 64 << 20, maximumSignatures: 16, maximumDepth: 64)
}
