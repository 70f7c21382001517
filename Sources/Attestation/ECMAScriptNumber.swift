/// Formats a `Double` the way ECMAScript's `Number.prototype.toString` does (ECMA-262
/// Number::toString), which is the number format RFC 8785 requires.
///
/// Swift's `description` already yields the shortest digits that round-trip; this type only
/// re-lays those digits out with ECMAScript's rules for when to use exponent notation.
enum ECMAScriptNumber {
    /// The ECMAScript string for `value`; `null` for NaN and infinities.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }  // Also -0.
        let (digits, exponent) = decimalDigits(of: value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + layout(digits: digits, n: exponent)
    }

    /// Splits a positive finite value into significant digits `d1…dk` and `n` such that
    /// value = 0.d1…dk × 10^n, using Swift's shortest round-trip description.
    static func decimalDigits(of magnitude: Double) -> (digits: [Character], n: Int) {
        let text = magnitude.description  // e.g. "100.0", "1e-07", "1.2345e+30", "0.001"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let integerPart = mantissa.split(separator: ".", omittingEmptySubsequences: false)[0]
        var allDigits = Array(mantissa.filter { $0 != "." })
        var pointPosition = integerPart.count + exponent  // digits before the decimal point
        while allDigits.first == "0" {
            allDigits.removeFirst()
            pointPosition -= 1
        }
        while allDigits.last == "0" {
            allDigits.removeLast()
        }
        return (allDigits, pointPosition)
    }

    /// ECMA-262 Number::toString steps for k digits and exponent n.
    private static func layout(digits: [Character], n: Int) -> String {
        let k = digits.count
        let all = String(digits)
        if k <= n && n <= 21 {
            return all + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(digits[0..<n]) + "." + String(digits[n...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + all
        }
        let e = n - 1
        let exponent = (e < 0 ? "-" : "+") + String(e.magnitude)
        if k == 1 {
            return all + "e" + exponent
        }
        return String(digits[0]) + "." + String(digits[1...]) + "e" + exponent
    }
}
