import Yams

/// A YAML node together with the file it came from, with typed accessors that fail with
/// `file:line: message` errors.
package struct YAMLField {
    package let node: Node
    package let file: String
    package let path: String

    package var line: Int { node.mark?.line ?? 1 }

    /// Parses `text` into its root node.
    package static func root(text: String, file: String) throws(SuiteError) -> YAMLField {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SuiteError(file: file, line: 1, message: "the file is empty")
            }
            return YAMLField(node: node, file: file, path: "")
        } catch let error as SuiteError {
            throw error
        } catch let error as YamlError {
            throw SuiteError(file: file, line: Self.line(of: error), message: "malformed YAML: \(Self.problem(of: error))")
        } catch {
            throw SuiteError(file: file, line: 1, message: "malformed YAML: \(error)")
        }
    }

    package func fail(_ message: String) -> SuiteError {
        SuiteError(file: file, line: line, message: path.isEmpty ? message : "\(path): \(message)")
    }

    /// The mapping entries, refusing keys outside `allowed`.
    package func mapping(allowed: Set<String>) throws(SuiteError) -> [String: YAMLField] {
        guard let mapping = node.mapping else { throw fail("expected a mapping") }
        var result: [String: YAMLField] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail("keys must be strings") }
            let child = YAMLField(node: value, file: file, path: path.isEmpty ? name : "\(path).\(name)")
            guard allowed.contains(name) else {
                throw SuiteError(
                    file: file, line: key.mark?.line ?? line,
                    message: "unknown key '\(name)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            result[name] = child
        }
        return result
    }

    package func sequence() throws(SuiteError) -> [YAMLField] {
        guard let sequence = node.sequence else { throw fail("expected a list") }
        return sequence.enumerated().map { YAMLField(node: $1, file: file, path: "\(path)[\($0)]") }
    }

    package func string() throws(SuiteError) -> String {
        guard let scalar = node.scalar, !scalar.string.isEmpty else { throw fail("expected a non-empty string") }
        return scalar.string
    }

    package func double() throws(SuiteError) -> Double {
        guard let scalar = node.scalar, let value = Double(scalar.string), value.isFinite else {
            throw fail("expected a number")
        }
        return value
    }

    package func int() throws(SuiteError) -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string) else { throw fail("expected an integer") }
        return value
    }

    package func strings() throws(SuiteError) -> [String] {
        var result: [String] = []
        for item in try sequence() { result.append(try item.string()) }
        return result
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return 1
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}

extension [String: YAMLField] {
    /// The required entry `key` of a mapping read from `owner`.
    package func required(_ key: String, in owner: YAMLField) throws(SuiteError) -> YAMLField {
        guard let value = self[key] else { throw owner.fail("missing required key '\(key)'") }
        return value
    }
}
