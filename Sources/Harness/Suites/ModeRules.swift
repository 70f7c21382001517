/// Run rules of one mode (`quick`, `certification`): how long and how many queries per scenario.
public struct ModeRules: Codable, Sendable, Equatable {
    /// SingleStream: minimum queries and duration, and a cap on duration.
    public struct SingleStream: Codable, Sendable, Equatable {
        /// The fewest timed queries for a valid run.
        public let minQueries: Int
        /// The shortest valid run, seconds.
        public let minDurationS: Double
        /// The run stops here even if the minimum queries were not reached, seconds.
        public let maxDurationS: Double
        /// Runs whose p90 must agree within `replicateTolerance` (MLPerf Mobile: 5 runs, 5%).
        public var repeats: Int = 1
        /// How far (fraction) the repeats' p90s may be apart.
        public var replicateTolerance: Double = 0.05
        /// Stop before `minDurationS` once early stopping proves the clause's p90 bound (the
        /// sustained clause keeps its own long run).
        public var stopWhenProven: Bool = false
    }

    /// Sustained performance: window share for the first/last p90 and the shortest valid run.
    public struct Sustained: Codable, Sendable, Equatable {
        /// The share of the continuous run's queries in its first and in its last window.
        public let windowFraction: Double
        /// The shortest continuous run that counts, seconds.
        public let minDurationS: Double
    }

    /// Offline: minimum samples in the first query, minimum duration, and the most samples the
    /// measured run may hold over all its requests.
    public struct Offline: Codable, Sendable, Equatable {
        /// The fewest samples in the first Offline query (it grows from there).
        public let minSamples: Int
        /// The shortest valid Offline run (device time summed over its queries), seconds.
        public let minDurationS: Double
        /// The most samples the measured Offline run may hold over all its back-to-back requests
        /// (`max_samples`), when one request of the agent's largest size (2^20 samples) ends before
        /// the minimum duration; past it the run is invalid. Absent: the run is one request.
        public let maxSamples: Int?

        /// Rules with an optional bound on the samples of the whole measured run.
        public init(minSamples: Int, minDurationS: Double, maxSamples: Int? = nil) {
            self.minSamples = minSamples
            self.minDurationS = minDurationS
            self.maxSamples = maxSamples
        }
    }

    /// MultiStream: samples per query (issued back to back), minimum queries and duration, cap.
    public struct MultiStream: Codable, Sendable, Equatable {
        /// Samples in each MultiStream query.
        public let samplesPerQuery: Int
        /// The fewest queries for a valid MultiStream run.
        public let minQueries: Int
        /// The shortest valid MultiStream run, seconds.
        public let minDurationS: Double
        /// The MultiStream run stops here, seconds.
        public let maxDurationS: Double
    }

    /// Server: queries per tested rate, minimum duration per rate, and the number of search steps.
    public struct Server: Codable, Sendable, Equatable {
        /// The fewest queries at each tested rate.
        public let minQueries: Int
        /// The shortest run at each tested rate, seconds.
        public let minDurationS: Double
        /// Rates the search tries at most.
        public let searchSteps: Int
    }

    /// The mode's name in the run rules file (`quick`, `certification`).
    public let name: String
    public let description: String
    /// SingleStream rules.
    public let singleStream: SingleStream
    /// Offline rules.
    public let offline: Offline
    /// Pause between workloads against thermal carry-over.
    public let cooldownS: Double
    /// Not read: every seed derives from a secret drawn per run (`RunSeeds`). Kept so that code
    /// building rules by hand still compiles; the run rules file must not carry it.
    public var seed: UInt64 = 0
    /// Whether a run in this mode can certify; a passing run in a mode that does not is
    /// `indicative`, never `conformant` (run-rules data: `certifies`).
    public var certifies: Bool = false
    /// How energy is measured in this mode; nil when the rules file has no `energy` section.
    public var energy: EnergyRules? = nil
    /// MultiStream rules; nil when the mode has none (a suite asking for MultiStream is then refused).
    public var multiStream: MultiStream? = nil
    /// Server rules; nil when the mode has none.
    public var server: Server? = nil
    /// Sustained-performance rules; nil when the mode measures no drift.
    public var sustained: Sustained? = nil
    /// Measurement-integrity audits; nil when the mode runs none (the audit clause is then inconclusive).
    public var audits: AuditRules? = nil
    /// LLM generation rules; nil when the mode has none (an `llm` workload is then refused).
    public var llm: LLMRules? = nil
    /// Reconnect-and-re-run rules; nil when an outage ends the run.
    public var outages: OutageRules? = nil
    /// What a campaign does when devices would share the harness's CPUs unpinned (`host_sharing`);
    /// nil is `record`.
    public var hostSharing: HostSharingRule? = nil

    /// `record`: run them and say so in each report; `refuse`: refuse the campaign before it starts.
    public enum HostSharingRule: String, Codable, Sendable, Equatable {
        case record, refuse
    }

    /// Every field but the unused `seed`, so a report never shows a seed that selected nothing.
    enum CodingKeys: String, CodingKey {
        case name, description, singleStream, offline, cooldownS, certifies, energy, multiStream, server, sustained,
            audits, llm
        case outages, hostSharing
    }
}
