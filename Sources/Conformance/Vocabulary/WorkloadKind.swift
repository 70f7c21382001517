/// A kind of workload a clause can apply to, such as `vision-mobile` or `llm`.
///
/// Suites declare the kind of each workload; a clause's `applies_to.workload_kinds` selects the
/// workloads it is checked on. Creating a value validates it against ``WorkloadKind/known``.
public struct WorkloadKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The kind name as written in standard and suite files, e.g. `keyword-spotting`.
    public let rawValue: String

    /// Creates a workload kind, or `nil` when `rawValue` is not one of ``WorkloadKind/known``.
    public init?(rawValue: String) {
        guard Self.knownNames.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Very small vision models (MLPerf Tiny class, e.g. visual wake words).
    public static let visionTiny = WorkloadKind(unchecked: "vision-tiny")
    /// Mobile-class vision models (e.g. MobileNet-class classification or detection).
    public static let visionMobile = WorkloadKind(unchecked: "vision-mobile")
    /// Wake-word and keyword-spotting models.
    public static let keywordSpotting = WorkloadKind(unchecked: "keyword-spotting")
    /// Text encoders (e.g. MobileBERT-class models).
    public static let textEncoder = WorkloadKind(unchecked: "text-encoder")
    /// On-device large language models.
    public static let llm = WorkloadKind(unchecked: "llm")
    /// Several camera or sensor streams processed per frame (robots, cockpits).
    public static let perceptionMultistream = WorkloadKind(unchecked: "perception-multistream")

    /// Every workload kind the harness knows, in the order the format document lists them.
    public static let known: [WorkloadKind] = [
        .visionTiny, .visionMobile, .keywordSpotting, .textEncoder, .llm, .perceptionMultistream,
    ]

    private static let knownNames: Set<String> = [
        "vision-tiny", "vision-mobile", "keyword-spotting", "text-encoder", "llm", "perception-multistream",
    ]

    /// The kind name.
    public var description: String { rawValue }

    /// Orders kinds by name, so that reports list them stably.
    public static func < (lhs: WorkloadKind, rhs: WorkloadKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
