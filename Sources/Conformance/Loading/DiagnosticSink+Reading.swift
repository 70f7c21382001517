import Yams

extension DiagnosticSink {
    /// Runs one read of the YAML reader (``YAMLField``): its error becomes a diagnostic and the
    /// result `nil`, so a file's every problem is reported, not just the first.
    mutating func read<T>(_ body: () throws(SuiteError) -> T) -> T? {
        do { return try body() } catch {
            append(Diagnostic(error))
            return nil
        }
    }

    /// The reader's field for `node` (the value of `key`), described as `what` in messages.
    func field(_ node: Node, key: Node?, what: String) -> YAMLField {
        YAMLField(node: node, file: file, path: what, key: key)
    }

    /// Reads `key` of `fields` as a non-empty string; reports and returns `nil` otherwise.
    mutating func string(_ key: String, of fields: MappingFields, context: String) -> String? {
        guard let value = fields.value(key) else { return nil }
        return string(value, key: fields.keyNode(key), what: "'\(key)' of \(context)")
    }

    /// Reads `node` as a non-empty string scalar; reports at the node (or its key when empty).
    mutating func string(_ node: Node, key: Node?, what: String) -> String? {
        let field = field(node, key: key, what: what)
        return read { () throws(SuiteError) in try field.string() }
    }

    /// Reads `key` of `fields` as one of the raw values of `T`; reports the allowed values otherwise.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ key: String, of fields: MappingFields, context: String, as type: T.Type
    ) -> T? where T.RawValue == String {
        guard let node = fields.value(key) else { return nil }
        let field = field(node, key: fields.keyNode(key), what: "'\(key)' of \(context)")
        return read { () throws(SuiteError) in try field.choice(T.self) }
    }

    /// Reads `node` as a non-empty sequence; reports and returns `nil` otherwise.
    mutating func sequence(_ node: Node, key: Node?, what: String) -> [Node]? {
        let field = field(node, key: key, what: what)
        return read { () throws(SuiteError) in try field.nonEmptySequence().map(\.node) }
    }

    /// Reads `node` as a finite number written plainly (not quoted); reports otherwise.
    mutating func number(_ node: Node, what: String) -> Double? {
        let field = field(node, key: nil, what: what)
        return read { () throws(SuiteError) in try field.double() }
    }
}
