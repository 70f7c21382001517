/// Judges one requirement for one device class against a measurement, in the shape of a
/// verifier policy: a small value with one method returning the outcome.
struct RequirementEvaluator: Sendable {
    let requirement: Requirement
    let deviceClass: DeviceClass

    /// The check for `measurement`; `nil` means no measurement of the metric exists for the row.
    func evaluate(_ measurement: Measurement?, subject: String) -> RequirementCheck {
        let bound = requirement.bound(for: deviceClass)
        guard let measurement else {
            return check(nil, bound, .inconclusive, "no measurement of \(requirement.metric) for \(subject)")
        }
        // An absent figure (no meter, audit not run) is "no value", whatever its validity flag:
        // "invalid" is kept for a figure that was measured and broke a run rule.
        guard let value = measurement.value else {
            let why = measurement.reason ?? "no reason given"
            return check(nil, bound, .inconclusive, "no value for \(requirement.metric): \(why)")
        }
        guard measurement.valid else {
            let why = measurement.reason ?? "no reason given"
            return check(value, bound, .inconclusive, "invalid measurement of \(requirement.metric): \(why)")
        }
        guard value.isFinite else {
            return check(nil, bound, .inconclusive, "non-finite value for \(requirement.metric)")
        }
        guard measurement.unit == requirement.unit else {
            return check(
                value, bound, .inconclusive,
                "\(requirement.metric) was measured in '\(measurement.unit)' but the clause is in '\(requirement.unit)'")
        }
        guard let bound else {
            return check(value, nil, .pass, "reported only: no threshold for device class \(deviceClass)")
        }
        if requirement.comparison.holds(value, bound: bound) {
            return check(value, bound, .pass, nil)
        }
        let shown = "\(ValueFormat.text(value)) \(requirement.unit)"
        return check(
            value, bound, .fail,
            "\(requirement.metric) is \(shown); requires \(requirement.comparison) \(ValueFormat.text(bound)) \(requirement.unit)")
    }

    private func check(_ value: Double?, _ bound: Double?, _ verdict: Verdict, _ reason: String?) -> RequirementCheck {
        RequirementCheck(
            metric: requirement.metric, value: value, comparison: requirement.comparison, bound: bound,
            unit: requirement.unit, verdict: verdict, reason: reason)
    }
}
