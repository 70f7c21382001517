import Foundation

/// A JSON value that keeps integers exact and serializes canonically (RFC 8785, JCS).
///
/// Integers that fit in 64 bits are kept as ``integer(_:)`` so that large counters and
/// nanosecond timestamps survive a round trip unchanged; every other number is a ``number(_:)``.
public enum JSONValue: Sendable, Equatable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in `Int64`.
    case integer(Int64)
    /// Any other number (always finite when parsed).
    case number(Double)
    /// A string.
    case string(String)
    /// An ordered array.
    case array([JSONValue])
    /// An object; key order is irrelevant (canonical output sorts keys).
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text (RFC 8259) strictly.
    ///
    /// Strings are read byte for byte: a U+FEFF inside a string is kept, as RFC 8259 and RFC 8785
    /// keep it (aitc before 2026-12-05 read strings through Foundation's UTF-8 decoding, which drops
    /// one at the start of a string or after an escape; such a bundle's digest now differs).
    ///
    /// Rejects a byte-order mark before the document, trailing content, duplicate object keys
    /// (compared after unescaping, so `"p\u0061yload"` duplicates `"payload"`), lone surrogates,
    /// invalid UTF-8, non-finite numbers and nesting deeper than `maximumDepth` levels; with
    /// `safeIntegersOnly`, also integers (numbers without fraction or exponent) outside ±(2^53−1).
    /// - Throws: ``AttestationError`` with code `invalidJSON` (or `unsafeInteger`), naming the line and column.
    public init(data: Data, maximumDepth: Int = 512, safeIntegersOnly: Bool = false) throws(AttestationError) {
        var parser = JSONParser(bytes: [UInt8](data), maximumDepth: maximumDepth, safeIntegersOnly: safeIntegersOnly)
        self = try parser.parseDocument()
    }

    /// The member named `key` if this is an object holding it, else `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` if this is an array long enough, else `nil`.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The string if this is a ``string(_:)``.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as a `Double` if this is an ``integer(_:)`` or a ``number(_:)``.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The integer if this is an ``integer(_:)``, or a ``number(_:)`` with an exact `Int64` value.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// The Boolean if this is a ``bool(_:)``.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements if this is an ``array(_:)``.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members if this is an ``object(_:)``.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }
}
