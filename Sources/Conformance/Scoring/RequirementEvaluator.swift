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
                "\(requirement.metric) was measured in '\(measurement.unit)' but the clause is in '\(requirement.unit)'"
            )
        }
        guard let bound else {
            return check(value, nil, .reportedOnly, "reported only: no threshold for device class \(deviceClass)")
        }
        if requirement.decisionRule == .guardBand {
            var judged = guardBand(value, bound, measurement)
            judged.decisionRule = .guardBand
            judged.uncertainty = measurement.uncertainty.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            return judged
        }
        if requirement.comparison.holds(value, bound: bound) {
            return check(value, bound, .pass, nil)
        }
        let shown = "\(ValueFormat.text(value)) \(requirement.unit)"
        return check(
            value, bound, .fail,
            "\(requirement.metric) is \(shown); requires \(requirement.comparison) \(ValueFormat.text(bound)) \(requirement.unit)"
        )
    }

    /// ILAC G8: pass only if the whole interval value ± U meets the bound, fail only if the whole
    /// interval misses it; otherwise, or without a stated U, or with U above the method's maximum,
    /// inconclusive with the reason.
    private func guardBand(_ value: Double, _ bound: Double, _ measurement: Measurement) -> RequirementCheck {
        let unit = requirement.unit
        let shown = "\(ValueFormat.text(value)) \(unit)"
        guard let u = measurement.uncertainty, u.isFinite, u >= 0, measurement.uncertaintyMissing == nil else {
            let why = measurement.uncertaintyMissing ?? "none was stated"
            return check(
                value, bound, .inconclusive,
                "\(requirement.metric) is \(shown) but the clause decides with a guard band (value ± uncertainty) and the uncertainty is unknown: \(why)"
            )
        }
        let interval = "\(shown) ± \(ValueFormat.text(u)) \(unit)"
        if let maximum = requirement.maximumRelativeUncertainty, value != 0, u / abs(value) > maximum {
            return check(
                value, bound, .inconclusive,
                "\(requirement.metric) is \(interval): an uncertainty of \(ValueFormat.text(u / abs(value) * 100)) %, above the \(ValueFormat.text(maximum * 100)) % the clause's method allows"
            )
        }
        let comparison = requirement.comparison
        let worst: Double
        let best: Double
        switch comparison {
        case .lessThanOrEqual, .lessThan: (worst, best) = (value + u, value - u)
        case .greaterThanOrEqual, .greaterThan: (worst, best) = (value - u, value + u)
        case .equal:
            if u == 0 {
                return comparison.holds(value, bound: bound)
                    ? check(value, bound, .pass, nil)
                    : check(
                        value, bound, .fail,
                        "\(requirement.metric) is \(shown); requires == \(ValueFormat.text(bound)) \(unit)")
            }
            return check(
                value, bound, .inconclusive,
                "\(requirement.metric) is \(interval); an equality cannot be decided with an uncertainty")
        }
        if comparison.holds(worst, bound: bound) {
            return check(value, bound, .pass, nil)
        }
        if !comparison.holds(best, bound: bound) {
            return check(
                value, bound, .fail,
                "\(requirement.metric) is \(interval), all of it outside \(comparison) \(ValueFormat.text(bound)) \(unit)"
            )
        }
        return check(
            value, bound, .inconclusive,
            "\(requirement.metric) is \(interval), which straddles the limit \(comparison) \(ValueFormat.text(bound)) \(unit) (guard band, ILAC G8): neither pass nor fail can be stated"
        )
    }

    private func check(_ value: Double?, _ bound: Double?, _ verdict: Verdict, _ reason: String?) -> RequirementCheck {
        RequirementCheck(
            metric: requirement.metric, value: value, comparison: requirement.comparison, bound: bound,
            unit: requirement.unit, verdict: verdict, reason: reason)
    }
}
