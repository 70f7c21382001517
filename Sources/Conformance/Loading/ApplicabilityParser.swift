import Yams

/// Parses a clause's `applies_to:` mapping.
struct ApplicabilityParser {
    /// The applicability, or `nil` (reported) when any part is invalid.
    func parse(_ node: Node, context: String, sink: inout DiagnosticSink) -> Applicability? {
        let before = sink.diagnostics.count
        let what = "applies_to of \(context)"
        guard
            let fields = MappingFields(
                node, context: what, required: ["device_classes"], optional: ["workload_kinds"], sink: &sink)
        else { return nil }
        var classes: [DeviceClass] = []
        if let list = fields.value("device_classes"),
            let items = sink.sequence(list, key: fields.keyNode("device_classes"), what: "device_classes of \(context)")
        {
            classes = names(items, what: "device class", known: DeviceClass.known, sink: &sink)
        }
        var kinds: [WorkloadKind]?
        if let list = fields.value("workload_kinds") {
            let hint = "workload_kinds of \(context) (omit the key for a device-level clause)"
            if let items = sink.sequence(list, key: fields.keyNode("workload_kinds"), what: hint) {
                kinds = names(items, what: "workload kind", known: WorkloadKind.known, sink: &sink)
            }
        }
        guard sink.diagnostics.count == before else { return nil }
        return Applicability(deviceClasses: classes, workloadKinds: kinds)
    }

    private func names<T: RawRepresentable & Hashable>(
        _ items: [Node], what: String, known: [T], sink: inout DiagnosticSink
    ) -> [T] where T.RawValue == String {
        var values: [T] = []
        for item in items {
            guard let name = sink.string(item, key: nil, what: what) else { continue }
            guard let value = T(rawValue: name) else {
                let list = known.map(\.rawValue).joined(separator: ", ")
                sink.report("unknown \(what) '\(name)'; known: \(list)", at: item)
                continue
            }
            if values.contains(value) {
                sink.report("\(what) '\(name)' is listed twice", at: item)
                continue
            }
            values.append(value)
        }
        return values
    }
}
