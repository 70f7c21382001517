import Conformance

/// What the run needs to know of the standards for the device class: the p90 bound each workload's
/// SingleStream may stop early on once proven, and which workloads a sustained clause covers.
/// Bounds are read from the standards, never written in code.
public struct ClauseTargets: Sendable, Equatable {
    /// Per workload id, the tightest p90 bound (ms) of the SingleStream latency clauses.
    public var latencyBoundsMs: [String: Double] = [:]
    /// Ids of the workloads a sustained-performance clause judges (they get the long continuous run).
    public var sustainedWorkloads: Set<String> = []

    /// Targets given directly (tests, runs without standards).
    public init(latencyBoundsMs: [String: Double] = [:], sustainedWorkloads: Set<String> = []) {
        self.latencyBoundsMs = latencyBoundsMs
        self.sustainedWorkloads = sustainedWorkloads
    }

    /// The targets of `suite`'s clauses for its device class.
    public init(suite: Suite, standards: StandardsSet) {
        let deviceClass = suite.deviceClass
        for id in suite.clauses {
            guard let clause = standards.clause(id: id), clause.appliesTo.deviceClasses.contains(deviceClass) else {
                continue
            }
            let kinds = Set(clause.appliesTo.workloadKinds ?? [])
            let workloads = suite.workloads.filter { kinds.contains($0.kind) }.map(\.id)
            for requirement in clause.requirements {
                if requirement.metric == MetricName.singleStreamP90Latency, requirement.unit == "ms",
                    requirement.comparison == .lessThanOrEqual || requirement.comparison == .lessThan,
                    let bound = requirement.thresholds[deviceClass]
                {
                    for workload in workloads {
                        latencyBoundsMs[workload] = min(latencyBoundsMs[workload] ?? bound, bound)
                    }
                }
                if requirement.metric == MetricName.sustainedP90Drift { sustainedWorkloads.formUnion(workloads) }
            }
        }
    }
}
