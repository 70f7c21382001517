import Desk
import Foundation

extension RegistryStore {
    /// The published reports matching `query`, read back from their stored bundles for `aitc
    /// compare`'s rules and table; each is named `device — lab #leaf`.
    public func comparison(
        matching query: RegistryQuery
    ) async throws(RegistryError) -> (entries: [RegistryEntry], comparison: ReportComparison) {
        let entries = try await entries(matching: query)
        var documents: [ReportDocument] = []
        for entry in entries {
            let bytes = try await bundle(sha256: entry.bundleSHA256)
            do {
                let title = "\(entry.report.device) — \(entry.report.lab) #\(entry.leafIndex)"
                documents.append(try ReportDocument.read(bytes: bytes, path: title).titled(title))
            } catch {
                throw RegistryError(.inconsistent, "entry \(entry.leafIndex) cannot be read back: \(error.reason)")
            }
        }
        return (entries, ReportComparison(documents: documents))
    }
}
