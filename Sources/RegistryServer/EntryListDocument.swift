import Registry

/// `GET /api/v1/bundles`: the entries matching the filters, newest first.
struct EntryListDocument: Codable, Hashable, Sendable {
    let entries: [RegistryEntry]
}
