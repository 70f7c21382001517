import Foundation
import TestSupport
import Testing

/// `Docs/architecture.md` says what the code is: its module graph is `Package.swift`'s, every
/// `import` in `Sources/` is one the table allows, every path it names exists, and nothing in the
/// repository points at design documents outside it.
@Suite("Docs/architecture.md matches the package")
struct ArchitectureTests {
    static let root = ProjectRoot.path
    static let systemModules: Set<String> = [
        "Foundation", "Glibc", "Musl", "Darwin", "Dispatch", "FoundationEssentials", "FoundationNetworking",
    ]

    static func read(_ relative: String) throws -> String {
        try String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8)
    }

    /// Module → what it may import, from the table between the module-graph markers.
    static func documentedGraph() throws -> [String: Set<String>] {
        let text = try read("Docs/architecture.md")
        guard let begin = text.range(of: "<!-- module-graph:begin -->"),
            let end = text.range(of: "<!-- module-graph:end -->")
        else {
            Issue.record("Docs/architecture.md has no module-graph markers")
            return [:]
        }
        var graph: [String: Set<String>] = [:]
        for line in text[begin.upperBound..<end.lowerBound].split(separator: "\n") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 4, cells[1].hasPrefix("`") else { continue }
            let module = cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let imports =
                cells[3] == "—" ? [] : cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            graph[module] = Set(imports)
        }
        return graph
    }

    /// Target → dependencies (targets and product names), for every non-test target of `Package.swift`.
    static func packageGraph() throws -> [String: Set<String>] {
        let text = try read("Package.swift")
        var graph: [String: Set<String>] = [:]
        var searchStart = text.startIndex
        let pattern = try NSRegularExpression(pattern: #"\.(target|executableTarget|systemLibrary)\("#)
        while let match = pattern.firstMatch(in: text, range: NSRange(searchStart..<text.endIndex, in: text)),
            let range = Range(match.range, in: text)
        {
            var depth = 1
            var index = range.upperBound
            while depth > 0, index < text.endIndex {
                if text[index] == "(" { depth += 1 }
                if text[index] == ")" { depth -= 1 }
                index = text.index(after: index)
            }
            let body = String(text[range.upperBound..<index])
            searchStart = index
            guard let name = firstCapture(#"^\s*name:\s*"([^"]+)""#, in: body) else { continue }
            var dependencies: Set<String> = []
            if let list = firstCapture(#"dependencies:\s*\[([^\]]*)\]"#, in: body) {
                let withoutProducts = list.replacingOccurrences(
                    of: #"\.product\(name:\s*"([^"]+)",\s*package:\s*"[^"]+"\)"#, with: "\"$1\"",
                    options: .regularExpression)
                for item in captures(#""([^"]+)""#, in: withoutProducts) { dependencies.insert(item) }
            }
            graph[name] = dependencies
        }
        return graph
    }

    static func firstCapture(_ pattern: String, in text: String) -> String? {
        captures(pattern, in: text, options: [.anchorsMatchLines]).first
    }

    static func captures(_ pattern: String, in text: String, options: NSRegularExpression.Options = []) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: options) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("the module graph in Docs/architecture.md is the one in Package.swift")
    func graphMatchesPackage() throws {
        let documented = try Self.documentedGraph()
        let package = try Self.packageGraph()
        #expect(!package.isEmpty)
        #expect(
            Set(documented.keys) == Set(package.keys),
            "modules in Package.swift but not in Docs/architecture.md: \(Set(package.keys).subtracting(documented.keys).sorted()); in the doc only: \(Set(documented.keys).subtracting(package.keys).sorted())"
        )
        for (module, dependencies) in package {
            #expect(
                documented[module] == dependencies,
                "\(module): Package.swift \(dependencies.sorted()), Docs/architecture.md \(documented[module].map { $0.sorted() } ?? [])"
            )
        }
    }

    @Test("every import in Sources/ is one Docs/architecture.md allows")
    func importsFollowTheGraph() throws {
        let graph = try Self.documentedGraph()
        let sources = (Self.root as NSString).appendingPathComponent("Sources")
        for module in try FileManager.default.contentsOfDirectory(atPath: sources).sorted() {
            let folder = (sources as NSString).appendingPathComponent(module)
            for file in FileManager.default.subpaths(atPath: folder) ?? [] where file.hasSuffix(".swift") {
                let text = try String(
                    contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)
                // `@_spi(Generated) import M`, `import struct M.Symbol` (generated code) name module M too.
                for imported in Self.captures(
                    #"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?(\w+)"#,
                    in: text, options: [.anchorsMatchLines])
                {
                    let allowed = Self.systemModules.contains(imported) || graph[module]?.contains(imported) == true
                    #expect(
                        allowed,
                        "Sources/\(module)/\(file) imports \(imported), which Docs/architecture.md does not allow")
                }
            }
        }
    }

    @Test("every source path Docs/architecture.md names exists")
    func pathsExist() throws {
        let text = try Self.read("Docs/architecture.md")
        let paths = Self.captures(#"`((?:Sources|Tests|Reports|Suites|Standards|Tools)/[^`\s]+)`"#, in: text)
        #expect(paths.count > 10)
        for path in paths {
            #expect(
                FileManager.default.fileExists(atPath: (Self.root as NSString).appendingPathComponent(path)),
                "Docs/architecture.md names \(path), which does not exist")
        }
    }

    /// The Swift files of `Sources/` (paths from the repository root) whose text matches `pattern`.
    static func sourceFiles(matching pattern: String) throws -> [String] {
        let sources = (Self.root as NSString).appendingPathComponent("Sources")
        let expression = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return try (FileManager.default.subpaths(atPath: sources) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
            .filter { file in
                let text = try String(
                    contentsOfFile: (sources as NSString).appendingPathComponent(file), encoding: .utf8)
                return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
            .map { "Sources/" + $0 }
    }

    @Test("one YAML reader: only Conformance's loading code imports Yams")
    func oneYAMLReader() throws {
        let readers = try Self.sourceFiles(matching: #"^\s*import\s+Yams\b"#)
        #expect(!readers.isEmpty)
        #expect(readers.allSatisfy { $0.hasPrefix("Sources/Conformance/Loading/") }, "\(readers)")
        #expect(readers.contains("Sources/Conformance/Loading/YAMLField.swift"))
    }

    @Test("one line transport: only LineChannel scans what it reads from a descriptor for newlines")
    func oneLineTransport() throws {
        let scanners = try Self.sourceFiles(matching: #"firstIndex\(of: (?:UInt8\(ascii: "\\n"\)|0x0A)\)"#)
        // StreamTail keeps the last lines of a child's stderr for error messages; it carries no protocol.
        #expect(
            scanners == ["Sources/ChildProcesses/StreamTail.swift", "Sources/Metering/Transport/LineChannel.swift"])
    }

    /// Files that take a lock of their own instead of `Locked`: none, and it stays so.
    static let ownLocks: [String] = []

    @Test("one lock type: no NSLock, pthread mutex or os_unfair_lock in Sources/, only Locked (Sources/Locking)")
    func oneLockType() throws {
        let users = try Self.sourceFiles(
            matching: #"NSLock\(|NSRecursiveLock\(|pthread_mutex_|os_unfair_lock|OSAllocatedUnfairLock|\bMutex<"#)
        let unlisted = users.filter { !Self.ownLocks.contains($0) }
        #expect(
            unlisted == [], "take Locked (Sources/Locking/Locked.swift) instead of a lock of its own in \(unlisted)")
        let stale = Self.ownLocks.filter { !users.contains($0) }
        #expect(stale == [], "\(stale) no longer take a lock of their own: remove them from ArchitectureTests.ownLocks")
        // Locked lives in a module that imports nothing of the package, so every module can use it.
        let lockModule = try Self.read("Sources/Locking/Locked.swift")
        #expect(lockModule.contains("package final class Locked<Value>"))
        #expect(try Self.documentedGraph()["Locking"] == [])
    }

    @Test("the README's folder table names every module folder of Sources/")
    func readmeNamesEveryModule() throws {
        let readme = try Self.read("README.md")
        let sources = (Self.root as NSString).appendingPathComponent("Sources")
        let modules = try FileManager.default.contentsOfDirectory(atPath: sources).filter { !$0.hasPrefix(".") }
        #expect(modules.count > 10)
        for module in modules.sorted() {
            #expect(readme.contains("`Sources/\(module)`"), "README.md's folder table does not name Sources/\(module)")
        }
    }

    @Test("nothing in the repository points at design documents outside it")
    func noOutsideDesignDocuments() throws {
        let outside = ["shared/design", "ARCHITECTURE.md", "METHODOLOGY.md", "STYLE.md"]
        let manager = FileManager.default
        for top in ["Sources", "Tests", "Docs", "Tools", "Suites", "Standards", "Reports", "README.md"] {
            let base = (Self.root as NSString).appendingPathComponent(top)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: base, isDirectory: &isDirectory) else { continue }
            let files =
                isDirectory.boolValue
                ? (manager.subpaths(atPath: base) ?? []).map { (base as NSString).appendingPathComponent($0) } : [base]
            for file in files where !file.hasSuffix("ArchitectureTests.swift") {
                let size = (try? manager.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                guard size < 1_000_000 else { continue }
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
                for name in outside where text.contains(name) {
                    Issue.record("\(file) refers to \(name), which is not in the repository")
                }
            }
        }
    }
}
