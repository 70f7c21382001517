extension JSONValue {
    /// 2^53 − 1, the largest integer every IEEE-754 double reader (and so every RFC 8785
    /// implementation) reproduces exactly. Reports hold no integer beyond ± this (Reports/SIGNING.md).
    public static let maximumSafeInteger: Int64 = (1 << 53) - 1
}
