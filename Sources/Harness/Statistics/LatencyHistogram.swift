/// Every query latency of a run in log-linear buckets (HdrHistogram-style), so percentiles and the
/// early-stopping estimate can be re-derived from the report to a stated precision.
///
/// A latency `v` (ns) below `2^significantBits` has a bucket of its own (exact). Above, with
/// `e = bitWidth(v) - significantBits`, its bucket is `[(v >> e) << e, ((v >> e) + 1) << e)`: the
/// bucket's width is at most `2^-(significantBits-1)` of its lower edge (0.2 % for 10 bits). The
/// buckets are listed in increasing order, empty ones omitted, as `[lower_ns, width_ns, count]`.
/// The format is documented in `Reports/README.md`; `Tools/audit/recompute_early_stopping.py` and
/// `aitc verify --trust-root` (step 8) read it.
public struct LatencyHistogram: Codable, Sendable, Equatable {
    /// The bucket scheme, for readers: `log-linear/1`.
    public let scheme: String
    /// Bits kept of every latency: the relative precision is `2^-(significantBits-1)`.
    public let significantBits: Int
    /// Latencies counted (equals the scenario's query count).
    public let count: Int
    /// The exact smallest and largest latency, ns.
    public let minNs: UInt64
    /// The exact largest latency, ns.
    public let maxNs: UInt64
    /// `[lower_ns, width_ns, count]` per non-empty bucket, increasing.
    public let buckets: [[UInt64]]

    /// The scheme name written into reports.
    public static let schemeName = "log-linear/1"
    /// The bits every report's histograms keep (0.2 % precision); part of the report format, so a
    /// verifier refuses coarser histograms (Reports/README.md).
    public static let reportSignificantBits = 10

    /// Buckets `latenciesNs`; `nil` when empty.
    public init?(latenciesNs: [UInt64], significantBits: Int = reportSignificantBits) {
        guard let low = latenciesNs.min(), let high = latenciesNs.max() else { return nil }
        var counts: [UInt64: (width: UInt64, count: UInt64)] = [:]
        for value in latenciesNs {
            let (lower, width) = Self.bucket(of: value, significantBits: significantBits)
            counts[lower, default: (width, 0)].count += 1
        }
        scheme = Self.schemeName
        self.significantBits = significantBits
        count = latenciesNs.count
        minNs = low
        maxNs = high
        buckets = counts.keys.sorted().map { [$0, counts[$0]!.width, counts[$0]!.count] }
    }

    /// A histogram from its parts (as read back from a report); ``bucket(of:significantBits:)``
    /// tells whether they follow the scheme.
    public init(significantBits: Int, count: Int, minNs: UInt64, maxNs: UInt64, buckets: [[UInt64]]) {
        scheme = Self.schemeName
        self.significantBits = significantBits
        self.count = count
        self.minNs = minNs
        self.maxNs = maxNs
        self.buckets = buckets
    }

    /// The lower edge and width of the bucket holding `value`.
    public static func bucket(of value: UInt64, significantBits: Int) -> (lower: UInt64, width: UInt64) {
        let width = UInt64.bitWidth - value.leadingZeroBitCount
        guard width > significantBits else { return (value, 1) }
        let shift = UInt64(width - significantBits)
        return ((value >> shift) << shift, 1 << shift)
    }

    /// The bucket `[lower, upper)` holding the latency of rank `rank` (1 = the largest).
    public func bucket(rankFromTop rank: Int) -> (lower: UInt64, upper: UInt64)? {
        guard rank >= 1, rank <= count else { return nil }
        var seen = 0
        for bucket in buckets.reversed() {
            seen += Int(bucket[2])
            if seen >= rank { return (bucket[0], bucket[0] + bucket[1]) }
        }
        return nil
    }
}
