import Yams

/// Parses one entry of a clause's `requirements:`.
struct RequirementParser {
    let catalog: MetricCatalog

    /// The requirement, or `nil` (reported) when any part is invalid. `appliesTo` is `nil` when the
    /// clause's own applicability was invalid; thresholds are then checked against known classes only.
    func parse(
        _ node: Node, context: String, appliesTo: Applicability?, sink: inout DiagnosticSink
    ) -> Requirement? {
        let before = sink.diagnostics.count
        guard
            let fields = MappingFields(
                node, context: context, required: ["metric", "unit", "comparison"],
                optional: ["thresholds", "decision_rule", "max_relative_uncertainty"], sink: &sink)
        else { return nil }
        var definition: MetricDefinition?
        if let metricNode = fields.value("metric"), let name = sink.string("metric", of: fields, context: context) {
            definition = catalog.definition(of: name)
            if definition == nil {
                sink.report(
                    "unknown metric '\(name)' in \(context); see the metric catalogue in Docs/standards-format.md",
                    at: metricNode)
            }
        }
        if let unitNode = fields.value("unit"), let unit = sink.string("unit", of: fields, context: context),
            let definition, unit != definition.unit
        {
            sink.report(
                "unit '\(unit)' does not match the catalogue unit '\(definition.unit)' of metric \(definition.name)",
                at: unitNode)
        }
        let comparison = sink.choice("comparison", of: fields, context: context, as: Comparison.self)
        let thresholds =
            fields.value("thresholds").map {
                parseThresholds($0, context: context, appliesTo: appliesTo, sink: &sink)
            } ?? [:]
        let rule =
            fields.value("decision_rule") == nil
            ? UncertaintyRule.simple
            : sink.choice("decision_rule", of: fields, context: context, as: UncertaintyRule.self)
        var maximum: Double?
        if let node = fields.value("max_relative_uncertainty") {
            maximum = sink.number(node, what: "max_relative_uncertainty of \(context)")
            if let value = maximum, !(value > 0 && value < 1) {
                sink.report(
                    "max_relative_uncertainty of \(context) is \(value); give a fraction between 0 and 1 (0.02 = 2 %)",
                    at: node)
            }
            if rule != .guardBand {
                sink.report(
                    "max_relative_uncertainty of \(context) needs decision_rule: guard-band (a simple rule never reads the uncertainty)",
                    at: node)
            }
        }
        guard sink.diagnostics.count == before, let definition, let comparison, let rule else { return nil }
        return Requirement(
            metric: definition.name, unit: definition.unit, comparison: comparison, thresholds: thresholds,
            decisionRule: rule, maximumRelativeUncertainty: maximum)
    }

    private func parseThresholds(
        _ node: Node, context: String, appliesTo: Applicability?, sink: inout DiagnosticSink
    ) -> [DeviceClass: Double] {
        guard case .mapping(let mapping) = node else {
            sink.report(
                "thresholds of \(context) must be a mapping of device class to number; found \(node.shapeName)",
                at: node)
            return [:]
        }
        var thresholds: [DeviceClass: Double] = [:]
        for (key, value) in mapping {
            guard let name = sink.string(key, key: nil, what: "a threshold key") else { continue }
            guard let deviceClass = DeviceClass(rawValue: name) else {
                let list = DeviceClass.known.map(\.rawValue).joined(separator: ", ")
                sink.report("unknown device class '\(name)' in thresholds of \(context); known: \(list)", at: key)
                continue
            }
            if let appliesTo, !appliesTo.covers(deviceClass) {
                sink.report(
                    "threshold for '\(name)', which is not in applies_to.device_classes; add the class there or remove the threshold",
                    at: key)
            }
            if let bound = sink.number(value, what: "threshold for '\(name)' in \(context)") {
                thresholds[deviceClass] = bound
            }
        }
        return thresholds
    }
}
