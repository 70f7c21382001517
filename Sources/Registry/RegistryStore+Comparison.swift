import Accreditation
import Attestation
import Desk
import Foundation
import SQLKit

extension RegistryStore {
    /// The published reports matching `query`, as `aitc compare`'s rules, table and charts read
    /// them; each is named `device — lab #leaf`. What a comparison reads of a report
    /// (``ReportComparison/fields(of:)``) was kept at publish under the registry's seal, so no
    /// bundle is parsed again; fields whose seal does not verify are refused (the database was
    /// altered). Entries published before the fields were kept are read back from their bundles,
    /// checked against the log. A report read once is kept by its bundle's digest (``DocumentCache``).
    public func comparison(
        matching query: RegistryQuery
    ) async throws(RegistryError) -> (entries: [RegistryEntry], comparison: ReportComparison) {
        let entries = try await entries(matching: query)
        var kept: [String: ReportDocument] = [:]
        for entry in entries {
            if let document = await documentCache.document(sha256: entry.bundleSHA256) {
                kept[entry.bundleSHA256] = document
            }
        }
        let missing = entries.filter { kept[$0.bundleSHA256] == nil }
        let stored = try await storedFields(leafIndices: missing.map(\.leafIndex))
        for entry in missing {
            let title = "\(entry.report.device) — \(entry.report.lab) #\(entry.leafIndex)"
            let document: ReportDocument
            if let (fields, seal) = stored[entry.leafIndex] {
                guard signer.isSeal(seal, of: fields, leafIndex: entry.leafIndex, bundleSHA256: entry.bundleSHA256),
                    let predicate = try? JSONValue(data: Data(fields.utf8))
                else {
                    throw RegistryError(
                        .inconsistent,
                        "the comparison fields kept for entry \(entry.leafIndex) are not the ones the registry sealed at publish: the database was altered"
                    )
                }
                document = ReportDocument(predicate: predicate, path: title, title: title)
            } else {
                let bytes = try await bundle(sha256: entry.bundleSHA256)
                do {
                    document = try ReportDocument.read(bytes: bytes, path: title).titled(title)
                } catch {
                    throw RegistryError(.inconsistent, "entry \(entry.leafIndex) cannot be read back: \(error.reason)")
                }
            }
            await documentCache.keep(document, sha256: entry.bundleSHA256)
            kept[entry.bundleSHA256] = document
        }
        return (entries, ReportComparison(documents: entries.compactMap { kept[$0.bundleSHA256] }))
    }

    /// What the registry keeps of an accepted report for comparisons: canonical JSON.
    static func comparisonFields(of accredited: AccreditedReport) -> String {
        ReportComparison.fields(of: accredited.report.predicate).canonicalString()
    }

    /// The comparison fields and seals kept for these entries (none for entries published before they were kept).
    private func storedFields(
        leafIndices: [UInt64]
    ) async throws(RegistryError) -> [UInt64: (fields: String, seal: String)] {
        guard !leafIndices.isEmpty else { return [:] }
        let reader = self.reader
        return try await Self.database("read the comparison fields") {
            let rows = try await reader.select().columns("leaf_index", "fields", "seal")
                .from("registry_comparison_fields").where("leaf_index", .in, leafIndices.map { Int64($0) }).all()
            var found: [UInt64: (fields: String, seal: String)] = [:]
            for row in rows {
                found[UInt64(try row.decode(column: "leaf_index", as: Int64.self))] = (
                    try row.decode(column: "fields", as: String.self), try row.decode(column: "seal", as: String.self)
                )
            }
            return found
        }
    }
}
