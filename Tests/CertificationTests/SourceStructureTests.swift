import Foundation
import TestSupport
import Testing

/// The shape `Docs/style.md` asks of `Sources/`, checked on every Swift file: one type per file,
/// named after it; a doc comment on every public type; and no more undocumented public members
/// than the baseline below (the figure may only go down: document a member, or make it `package`
/// when no other module needs it).
@Suite("Sources: one type per file, documented public API")
struct SourceStructureTests {
    /// Undocumented public members (properties, methods, initialisers) per module when this check
    /// was added; protocol requirements whose meaning is the protocol's (`description`, `==`,
    /// `hash(into:)`, Codable) are not counted. Lower a figure when you document members.
    static let undocumentedBaseline: [String: Int] = [
        "Accreditation": 0, "Attestation": 0, "Certification": 0, "ChildProcesses": 0, "Conformance": 0,
        "Desk": 0, "EnergyRun": 0, "Harness": 0, "Metering": 0, "Privacy": 0, "Registry": 0,
        "RegistryServer": 0, "Transparency": 0,
    ]

    /// Public types per module (the rest is `package`): a module's API is what another module or a
    /// library user needs. A figure may only go down; a new public type that nothing outside its
    /// module uses is `package`.
    static let publicTypeBaseline: [String: Int] = [
        "Accreditation": 14, "Attestation": 16, "Certification": 20, "ChildProcesses": 10, "Conformance": 31,
        "Desk": 14, "EnergyRun": 2, "Harness": 121, "Metering": 37, "Privacy": 6, "Registry": 14,
        "RegistryServer": 3, "Transparency": 8,
    ]

    /// Files not yet one type per file; empty, and it stays so.
    static let pendingSplits: Set<String> = []

    /// Code a generator writes, laid out by the generator (several types a file): the registry's API
    /// from Docs/registry-openapi.yaml, which Tools/registry/regenerate-openapi.sh checks instead.
    static let generatedFolder = "Sources/RegistryServer/Generated/"

    /// A Swift file of `Sources/` and its lines.
    struct SourceFile {
        let path: String
        let module: String
        let lines: [String]
    }

    static func sources() throws -> [SourceFile] {
        let root = (ProjectRoot.path as NSString).appendingPathComponent("Sources")
        let paths = (FileManager.default.subpaths(atPath: root) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        return try paths.map { relative in
            let text = try String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8)
            return SourceFile(
                path: "Sources/" + relative, module: String(relative.prefix { $0 != "/" }),
                lines: text.components(separatedBy: "\n"))
        }
    }

    /// Type declarations at the top level of a file (not indented, so nested types are not counted).
    static let topLevelType = try! NSRegularExpression(
        pattern:
            #"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|final|indirect)\s+)*(?:struct|class|enum|actor|protocol)\s+(\w+)"#
    )
    /// A public declaration of a type or a member.
    static let publicDeclaration = try! NSRegularExpression(
        pattern:
            #"^\s*(?:@\w+(?:\([^)]*\))?\s+)*public\s+(?:(?:static|final|override|mutating|nonisolated|convenience|required|indirect)\s+)*(struct|class|enum|actor|protocol|typealias|func|var|let|init|subscript)\b(.*)"#
    )
    /// Members whose documentation is the protocol's.
    static let protocolMembers = [
        "description", "debugDescription", "==", "<", "hash(into", "init(from", "encode(to", "errorDescription",
        "makeIterator", "hashValue",
    ]

    static func captures(_ expression: NSRegularExpression, in line: String) -> [String]? {
        guard let match = expression.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else {
            return nil
        }
        return (1..<match.numberOfRanges).map { index in
            Range(match.range(at: index), in: line).map { String(line[$0]) } ?? ""
        }
    }

    /// Whether the declaration at `index` has a `///` comment above it (attributes may sit between).
    static func documented(_ lines: [String], at index: Int) -> Bool {
        var above = index - 1
        while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
        return above >= 0 && lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///")
    }

    @Test("every file holds at most one top-level type, and is named after it (Type.swift, Type+Topic.swift)")
    func oneTypePerFile() throws {
        var problems: [String] = []
        for file in try Self.sources() where !file.path.hasPrefix(Self.generatedFolder) {
            let types = file.lines.compactMap { Self.captures(Self.topLevelType, in: $0)?.first }
            let name = ((file.path as NSString).lastPathComponent as NSString).deletingPathExtension
            let base = String(name.prefix { $0 != "+" })
            if types.count > 1 && !Self.pendingSplits.contains(file.path) {
                problems.append("\(file.path) declares \(types.count) types: \(types.joined(separator: ", "))")
            } else if let type = types.first, type != base, !Self.pendingSplits.contains(file.path) {
                problems.append("\(file.path) declares \(type); name the file \(type).swift")
            }
        }
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
    }

    @Test("every public type has a doc comment")
    func publicTypesDocumented() throws {
        var problems: [String] = []
        for file in try Self.sources() {
            for (index, line) in file.lines.enumerated() {
                guard let parts = Self.captures(Self.publicDeclaration, in: line),
                    ["struct", "class", "enum", "actor", "protocol", "typealias"].contains(parts[0]),
                    !Self.documented(file.lines, at: index)
                else { continue }
                problems.append("\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(problems == [], "\(problems.joined(separator: "\n"))")
    }

    @Test("no module has more public types than its baseline; the leaf instruments expose only what others use")
    func publicTypesAreAPI() throws {
        let files = try Self.sources()
        var publicTypes: [String: [String]] = [:]
        for file in files {
            for line in file.lines where !line.hasPrefix(" ") {
                guard let parts = Self.captures(Self.publicDeclaration, in: line),
                    ["struct", "class", "enum", "actor", "protocol", "typealias"].contains(parts[0]),
                    let name = parts[1].split(whereSeparator: { !($0.isLetter || $0.isNumber) }).first
                else { continue }
                publicTypes[file.module, default: []].append(String(name))
            }
        }
        for (module, types) in publicTypes.sorted(by: { $0.key < $1.key }) {
            let allowed = Self.publicTypeBaseline[module] ?? 0
            #expect(types.count <= allowed, "\(module): \(types.count) public types, baseline \(allowed)")
        }
        // Privacy and EnergyRun are leaves: every public type of theirs is named by another module.
        for module in ["Privacy", "EnergyRun"] {
            let elsewhere = files.filter { $0.module != module }.map { $0.lines.joined(separator: "\n") }
                .joined(separator: "\n")
            for type in publicTypes[module] ?? [] {
                let named = elsewhere.range(of: #"\b\#(type)\b"#, options: .regularExpression) != nil
                #expect(named, "\(module).\(type) is public but no other module names it: make it package")
            }
        }
    }

    @Test("no module has more undocumented public members than its baseline")
    func publicMembersDocumented() throws {
        var missing: [String: [String]] = [:]
        for file in try Self.sources() {
            for (index, line) in file.lines.enumerated() {
                guard let parts = Self.captures(Self.publicDeclaration, in: line),
                    !["struct", "class", "enum", "actor", "protocol", "typealias"].contains(parts[0]),
                    !Self.protocolMembers.contains(where: {
                        parts[1].trimmingCharacters(in: .whitespaces).hasPrefix($0)
                    }),
                    !Self.documented(file.lines, at: index)
                else { continue }
                missing[file.module, default: []].append(
                    "\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        for (module, lines) in missing.sorted(by: { $0.key < $1.key }) {
            let allowed = Self.undocumentedBaseline[module] ?? 0
            #expect(
                lines.count <= allowed,
                "\(module): \(lines.count) undocumented public members, baseline \(allowed):\n\(lines.joined(separator: "\n"))"
            )
        }
        let counts = Self.undocumentedBaseline.keys.sorted().map { "\($0): \(missing[$0]?.count ?? 0)" }
        print("undocumented public members per module: \(counts.joined(separator: ", "))")
    }
}
