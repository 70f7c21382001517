import Yams

/// What one file yielded: the standard when it is valid, and the ids it declares (even when
/// invalid) so that duplicates across files can still be reported.
struct ParsedStandardFile {
    /// A declared id and where it is written.
    struct Declaration {
        let id: String
        let line: Int
        let column: Int
    }

    var standardID: Declaration?
    var clauseIDs: [Declaration] = []
    var family: StandardFamily?
    var version: String?
    var title: String?
    var clauses: [Clause] = []
    var diagnostics: [Diagnostic] = []

    /// The standard, when the file had no problem of its own.
    func standard(sourcePath: String, sha256: String) -> Standard? {
        guard diagnostics.isEmpty, let standardID, let family, let version, let title else { return nil }
        return Standard(
            id: standardID.id, family: family, version: version, title: title, clauses: clauses,
            sourcePath: sourcePath, sha256: sha256)
    }
}

extension ParsedStandardFile.Declaration {
    /// A declaration at the position of `node`.
    init(id: String, at node: Node) {
        self.init(id: id, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
    }
}
