import Desk
import Foundation

extension RegistryStore {
    /// The published reports matching `query`, read back from their stored bundles for `aitc
    /// compare`'s rules and table; each is named `device — lab #leaf`. A report read back once is
    /// kept by its bundle's digest (``DocumentCache``).
    public func comparison(
        matching query: RegistryQuery
    ) async throws(RegistryError) -> (entries: [RegistryEntry], comparison: ReportComparison) {
        let entries = try await entries(matching: query)
        var documents: [ReportDocument] = []
        for entry in entries {
            if let kept = await documentCache.document(sha256: entry.bundleSHA256) {
                documents.append(kept)
                continue
            }
            let bytes = try await bundle(sha256: entry.bundleSHA256)
            do {
                let title = "\(entry.report.device) — \(entry.report.lab) #\(entry.leafIndex)"
                let document = try ReportDocument.read(bytes: bytes, path: title).titled(title)
                await documentCache.keep(document, sha256: entry.bundleSHA256)
                documents.append(document)
            } catch {
                throw RegistryError(.inconsistent, "entry \(entry.leafIndex) cannot be read back: \(error.reason)")
            }
        }
        return (entries, ReportComparison(documents: documents))
    }
}
