import Foundation
import Yams

/// A YAML node together with the file it came from and its place in the document: the one YAML
/// reader of the package (standards, suites, run rules, device declarations).
///
/// Every accessor fails with a ``SuiteError`` at the node's `file:line` (at the key's line when a
/// value is missing), worded "`<path>` must be …; found …"; the standards loader collects these
/// errors as diagnostics (`DiagnosticSink.read`), the other loaders stop at the first.
package struct YAMLField {
    /// The node.
    package let node: Node
    /// The file, as given to the loader.
    package let file: String
    /// Where the node is: `workloads[0].id`, or a phrase such as "'title' of clause LAT-01".
    package let path: String
    /// The key this node is the value of, for messages about an empty value.
    package let key: Node?

    /// A field for `node` of `file` at `path`.
    package init(node: Node, file: String, path: String, key: Node? = nil) {
        self.node = node
        self.file = file
        self.path = path
        self.key = key
    }

    /// 1-based line of the node (1 when libyaml gave none).
    package var line: Int { node.mark?.line ?? 1 }

    /// Parses `text` into its root node; the file must not be empty.
    /// - Throws: at the line of the first tab in an indentation, of a syntax error, or line 1 for an empty file.
    package static func root(text: String, file: String) throws(SuiteError) -> YAMLField {
        guard let root = try document(text: text, file: file) else {
            throw SuiteError(file: file, line: 1, column: 1, message: "the file is empty")
        }
        return root
    }

    /// Parses `text` into its root node, `nil` for a file without content (empty, or comments only).
    /// - Throws: at the line of the first tab in an indentation or of a syntax error.
    package static func document(text: String, file: String) throws(SuiteError) -> YAMLField? {
        if let tab = YAMLSyntax.tabIndentation(in: text, file: file).first { throw SuiteError(tab) }
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw SuiteError(YAMLSyntax.diagnostic(for: error, file: file))
        }
        return node.map { YAMLField(node: $0, file: file, path: "") }
    }

    /// An error at this node, prefixed with its path.
    package func fail(_ message: String) -> SuiteError {
        problem(path.isEmpty ? message : "\(path): \(message)")
    }

    /// The mapping entries, refusing keys outside `allowed` (at the first such key).
    package func mapping(allowed: Set<String>) throws(SuiteError) -> [String: YAMLField] {
        let (fields, problems) = try entries(allowed: allowed.sorted())
        if let first = problems.first { throw first }
        return fields
    }

    /// The mapping entries with keys in `allowed`, and one problem per key outside it or not a name.
    /// - Throws: when the node is not a mapping.
    package func entries(allowed: [String]) throws(SuiteError) -> (fields: [String: YAMLField], problems: [SuiteError])
    {
        guard case .mapping(let mapping) = node else {
            throw problem(
                "\(subject) must be a mapping with keys \(allowed.joined(separator: ", ")); found \(node.shapeName)")
        }
        var fields: [String: YAMLField] = [:]
        var problems: [SuiteError] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                problems.append(
                    problem("\(subject) has a key that is \(key.shapeName); keys must be plain names", at: key))
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                problems.append(
                    problem(
                        "unknown key '\(name)' in \(subject); allowed keys: \(allowed.joined(separator: ", "))", at: key
                    ))
                continue
            }
            fields[name] = YAMLField(node: value, file: file, path: path.isEmpty ? name : "\(path).\(name)", key: key)
        }
        return (fields, problems)
    }

    /// The items of a list (possibly empty).
    package func sequence() throws(SuiteError) -> [YAMLField] {
        if node.isNullScalar { throw problem("\(subject) is empty; give a list", at: key ?? node) }
        guard case .sequence(let sequence) = node else {
            throw problem("\(subject) must be a list; found \(node.shapeName)")
        }
        return sequence.enumerated().map { YAMLField(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    /// The items of a list with at least one entry.
    package func nonEmptySequence() throws(SuiteError) -> [YAMLField] {
        let items = try sequence()
        guard !items.isEmpty else { throw problem("\(subject) is an empty list; give at least one entry") }
        return items
    }

    /// A non-empty string scalar, without surrounding white space.
    package func string() throws(SuiteError) -> String {
        if node.isNullScalar { throw problem("\(subject) is empty; give a value", at: key ?? node) }
        guard case .scalar(let scalar) = node else {
            throw problem("\(subject) must be a string; found \(node.shapeName)")
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw problem("\(subject) is empty; give a value", at: key ?? node) }
        return text
    }

    /// A finite number written plainly (not quoted): `12`, `-0.5`, `1e3`; not `.inf`, `0x10` or `1_000`.
    package func double() throws(SuiteError) -> Double {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            NumberSyntax.isDecimal(scalar.string), let value = Double(scalar.string), value.isFinite
        else {
            let shown = node.scalar.map { "'\($0.string)'" } ?? node.shapeName
            throw problem("\(subject) must be a plain finite number, e.g. 10 or 0.5; found \(shown)")
        }
        return value
    }

    /// A whole number written plainly (not quoted).
    package func int() throws(SuiteError) -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
            let value = Int(scalar.string)
        else {
            let shown = node.scalar.map { "'\($0.string)'" } ?? node.shapeName
            throw problem("\(subject) must be a whole number, e.g. 3; found \(shown)")
        }
        return value
    }

    /// A list of non-empty strings.
    package func strings() throws(SuiteError) -> [String] {
        var result: [String] = []
        for item in try sequence() { result.append(try item.string()) }
        return result
    }

    /// One of the raw values of `T`.
    package func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(SuiteError) -> T
    where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: " | ")
            throw problem("\(subject) is '\(text)'; expected one of \(allowed)")
        }
        return value
    }

    /// The path as the subject of a sentence ("the document" at the root).
    private var subject: String { path.isEmpty ? "the document" : path }

    private func problem(_ message: String, at other: Node? = nil) -> SuiteError {
        let mark = (other ?? node).mark
        return SuiteError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 0, message: message)
    }
}

extension [String: YAMLField] {
    /// The required entry `key` of a mapping read from `owner`.
    package func required(_ key: String, in owner: YAMLField) throws(SuiteError) -> YAMLField {
        guard let value = self[key] else { throw owner.fail("missing required key '\(key)'") }
        return value
    }
}
