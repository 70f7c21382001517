import Desk

/// Reports read back from stored bundles for comparisons, by the bundle's SHA-256. A bundle never
/// changes under its digest, and each was checked against the log when it was first read (the
/// bytes re-hashed and compared with the logged leaf), so a comparison of entries compared before
/// needs neither the database nor a parse. Bounded: the oldest are forgotten first.
actor DocumentCache {
    /// Documents kept (a parsed report is a few hundred kilobytes in memory).
    static let capacity = 256

    private var documents: [String: ReportDocument] = [:]
    private var order: [String] = []

    /// The document read earlier for this bundle, if kept.
    func document(sha256: String) -> ReportDocument? { documents[sha256] }

    /// Keeps a document read from the bundle with this SHA-256.
    func keep(_ document: ReportDocument, sha256: String) {
        guard documents.updateValue(document, forKey: sha256) == nil else { return }
        order.append(sha256)
        if order.count > Self.capacity { documents[order.removeFirst()] = nil }
    }
}
