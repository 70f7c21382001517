/// Spellings accepted for identifiers and numbers in standard files (no regular expressions, so
/// the rules stay readable and cheap).
enum NumberSyntax {
    /// `12`, `-0.5`, `1e3`, `+2.5E-3`; not `.inf`, `0x10`, `1_000` or `1:30`.
    static func isDecimal(_ text: String) -> Bool {
        var chars = Substring(text)
        if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
        let exponentStart = chars.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = exponentStart.map { chars[..<$0] } ?? chars
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            parts.contains(where: { !$0.isEmpty })
        else { return false }
        guard let exponentStart else { return true }
        var exponent = chars[chars.index(after: exponentStart)...]
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }

    /// `MAJOR.MINOR.PATCH`, each a number without leading zeros, optionally `-prerelease`.
    static func isSemanticVersion(_ text: String) -> Bool {
        let core = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let numbers = core.first else { return false }
        if core.count == 2, core[1].isEmpty || !core[1].allSatisfy({ $0.isASCIIAlphanumeric || $0 == "." }) {
            return false
        }
        let parts = numbers.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) && ($0 == "0" || $0.first != "0") }
    }

    /// `[A-Z]{3}-[0-9]{2}[a-z]?`, e.g. `LAT-01` or `PRV-06b`.
    static func isClauseID(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count == 6 || chars.count == 7 else { return false }
        return chars[0..<3].allSatisfy { $0.isASCII && $0.isUppercase } && chars[3] == "-"
            && chars[4..<6].allSatisfy(\.isASCIIDigit)
            && (chars.count == 6 || (chars[6].isASCII && chars[6].isLowercase))
    }

    /// `[a-z0-9-]+`, e.g. `aitc-latency`.
    static func isStandardID(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}

extension Character {
    /// `0`–`9` only (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
    /// ASCII letter or digit.
    var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
}
