import Registry

/// `GET /api/v1/bundles`: the entries matching the filters, newest first.
struct EntryList: Encodable {
    let entries: [RegistryEntry]
}
