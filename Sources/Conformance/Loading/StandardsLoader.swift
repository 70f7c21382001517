import Foundation

/// Reads and validates standard files (`Standards/*.yaml`).
///
/// `load` returns the standards only when every file is valid; `lint` reports every problem of
/// every file (never just the first), each as `file:line: message`.
public struct StandardsLoader: Sendable {
    /// The metrics requirements may name.
    public let catalog: MetricCatalog
    private let digest: @Sendable (Data) -> String

    /// Creates a loader.
    ///
    /// - Parameters:
    ///   - catalog: the metrics requirements may name; ``MetricCatalog/standard`` by default.
    ///   - digest: hex SHA-256 of a file's bytes, recorded as ``Standard/sha256``. `Conformance`
    ///     has no crypto dependency, so the caller supplies it; the default records "".
    public init(
        catalog: MetricCatalog = .standard,
        digest: @escaping @Sendable (Data) -> String = { _ in "" }
    ) {
        self.catalog = catalog
        self.digest = digest
    }

    /// Loads the standards at `paths` (files, or directories whose `*.yaml`/`*.yml` are read in
    /// name order).
    ///
    /// - Throws: ``StandardsError/invalidStandards(_:)`` with every diagnostic when any path is
    ///   missing or any file is malformed or invalid, or clause ids repeat across files.
    public func load(paths: [String]) throws(StandardsError) -> StandardsSet {
        let (standards, diagnostics) = read(paths: paths)
        guard diagnostics.isEmpty else { throw .invalidStandards(diagnostics) }
        return StandardsSet(standards)
    }

    /// Every problem in the standards at `paths`; empty when they all load.
    public func lint(paths: [String]) -> [Diagnostic] {
        read(paths: paths).diagnostics
    }

    private func read(paths: [String]) -> (standards: [Standard], diagnostics: [Diagnostic]) {
        let located = StandardFileLocator().files(for: paths)
        var diagnostics = located.diagnostics
        var standards: [Standard] = []
        var parsedFiles: [(file: String, parsed: ParsedStandardFile)] = []
        for file in located.files {
            guard let data = FileManager.default.contents(atPath: file) else {
                diagnostics.append(.init(file: file, line: 0, column: 0, message: "cannot read the file"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(.init(file: file, line: 0, column: 0, message: "file is not UTF-8 text"))
                continue
            }
            let parsed = StandardParser(file: file, catalog: catalog).parse(text)
            diagnostics += parsed.diagnostics
            parsedFiles.append((file, parsed))
            if let standard = parsed.standard(sourcePath: file, sha256: digest(data)) {
                standards.append(standard)
            }
        }
        diagnostics += DuplicateCheck().diagnostics(for: parsedFiles)
        return (standards, diagnostics)
    }
}
