import Conformance
import Foundation

/// The run rules of every mode, read from `Suites/run-rules.yaml` (data, not code).
public struct RunRules: Sendable, Equatable {
    /// File name of the run rules inside the suites folder.
    public static let fileName = "run-rules.yaml"

    /// The run rules file's `version`, recorded in every report.
    public let version: String
    /// Every mode the file defines, by name.
    public let modes: [String: ModeRules]
    /// The file it was loaded from.
    public let path: String
    /// SHA-256 of the file's bytes, recorded in every report.
    public let sha256: String

    /// The rules of `mode`, or an error naming the modes that exist.
    public func mode(_ name: String) throws(SuiteError) -> ModeRules {
        guard let rules = modes[name] else {
            throw SuiteError(
                file: path, line: 0,
                message: "no mode '\(name)' (modes: \(modes.keys.sorted().joined(separator: ", ")))")
        }
        return rules
    }

    /// Loads the run rules file at `path`.
    public static func load(path: String) throws(SuiteError) -> RunRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SuiteError(file: path, line: 0, message: "the run rules file is missing")
        }
        let root = try YAMLField.root(text: String(decoding: data, as: UTF8.self), file: path)
        let fields = try root.mapping(allowed: ["version", "modes"])
        let modesField = try fields.required("modes", in: root)
        var modes: [String: ModeRules] = [:]
        let names = Set(modesField.node.mapping?.keys.compactMap(\.string) ?? [])
        for (name, field) in try modesField.mapping(allowed: names) {
            modes[name] = try parseMode(name: name, field)
        }
        return RunRules(
            version: try fields.required("version", in: root).string(), modes: modes, path: path,
            sha256: FileDigest.sha256(data))
    }

    private static func parseMode(name: String, _ field: YAMLField) throws(SuiteError) -> ModeRules {
        let fields = try field.mapping(allowed: [
            "description", "single_stream", "offline", "cooldown_s", "seed", "energy", "multi_stream", "server",
            "audits",
            "sustained", "llm", "outages", "host_sharing", "certifies",
        ])
        let ssField = try fields.required("single_stream", in: field)
        let ss = try ssField.mapping(allowed: [
            "min_queries", "min_duration_s", "max_duration_s", "repeats", "replicate_tolerance", "stop_when_proven",
        ])
        let offField = try fields.required("offline", in: field)
        let off = try offField.mapping(allowed: ["min_samples", "min_duration_s", "max_samples"])
        var singleStream = ModeRules.SingleStream(
            minQueries: try ss.required("min_queries", in: ssField).int(),
            minDurationS: try ss.required("min_duration_s", in: ssField).double(),
            maxDurationS: try ss.required("max_duration_s", in: ssField).double())
        if let repeats = try ss["repeats"].map({ field throws(SuiteError) in try field.int() }) {
            singleStream.repeats = repeats
        }
        if let tolerance = try ss["replicate_tolerance"].map({ field throws(SuiteError) in try field.double() }) {
            singleStream.replicateTolerance = tolerance
        }
        if let proven = ss["stop_when_proven"] {
            guard let flag = Bool(try proven.string()) else { throw proven.fail("expected true or false") }
            singleStream.stopWhenProven = flag
        }
        guard singleStream.minQueries > 0, singleStream.repeats >= 1,
            singleStream.maxDurationS >= singleStream.minDurationS
        else {
            throw ssField.fail("min_queries must be positive and max_duration_s at least min_duration_s")
        }
        // `seed` is no longer read: every seed derives from a secret drawn per run (RunSeeds).
        if let seedField = fields["seed"] {
            throw seedField.fail(
                "seed: the run rules no longer carry a seed; every run draws a secret one (Docs/methodology.md, Randomness)"
            )
        }
        var certifies = false
        if let field = fields["certifies"] {
            guard let flag = Bool(try field.string()) else { throw field.fail("expected true or false") }
            certifies = flag
        }
        var rules = ModeRules(
            name: name, description: try fields.required("description", in: field).string(),
            singleStream: singleStream,
            offline: try parseOffline(off, offField),
            cooldownS: try fields.required("cooldown_s", in: field).double(), seed: 0,
            energy: try fields["energy"].map { field throws(SuiteError) in try EnergyRules.parse(field) },
            multiStream: try fields["multi_stream"].map { field throws(SuiteError) in try parseMultiStream(field) },
            server: try fields["server"].map { field throws(SuiteError) in try parseServer(field) },
            sustained: try fields["sustained"].map { field throws(SuiteError) in try parseSustained(field) },
            audits: try fields["audits"].map { field throws(SuiteError) in try parseAudits(field) },
            llm: try fields["llm"].map { field throws(SuiteError) in try LLMRules.parse(field) })
        rules.outages = try fields["outages"].map { field throws(SuiteError) in try OutageRules.parse(field) }
        if let sharing = fields["host_sharing"] {
            guard let rule = ModeRules.HostSharingRule(rawValue: try sharing.string()) else {
                throw sharing.fail("expected record or refuse")
            }
            rules.hostSharing = rule
        }
        rules.certifies = certifies
        return rules
    }

    private static func parseOffline(
        _ off: [String: YAMLField], _ field: YAMLField
    ) throws(SuiteError) -> ModeRules.Offline {
        let rules = ModeRules.Offline(
            minSamples: try off.required("min_samples", in: field).int(),
            minDurationS: try off.required("min_duration_s", in: field).double(),
            maxSamples: try off["max_samples"].map { field throws(SuiteError) in try field.int() })
        guard rules.minSamples > 0, rules.minDurationS >= 0 else {
            throw field.fail("min_samples must be positive and min_duration_s not negative")
        }
        if let most = rules.maxSamples, most < rules.minSamples {
            throw field.fail("max_samples must be at least min_samples")
        }
        return rules
    }

    private static func parseSustained(_ field: YAMLField) throws(SuiteError) -> ModeRules.Sustained {
        let f = try field.mapping(allowed: ["window_fraction", "min_duration_s"])
        let rules = ModeRules.Sustained(
            windowFraction: try f.required("window_fraction", in: field).double(),
            minDurationS: try f.required("min_duration_s", in: field).double())
        guard rules.windowFraction > 0, rules.windowFraction <= 0.5 else {
            throw field.fail("window_fraction must be in (0, 0.5]")
        }
        return rules
    }

    private static func parseMultiStream(_ field: YAMLField) throws(SuiteError) -> ModeRules.MultiStream {
        let f = try field.mapping(allowed: ["samples_per_query", "min_queries", "min_duration_s", "max_duration_s"])
        let rules = ModeRules.MultiStream(
            samplesPerQuery: try f.required("samples_per_query", in: field).int(),
            minQueries: try f.required("min_queries", in: field).int(),
            minDurationS: try f.required("min_duration_s", in: field).double(),
            maxDurationS: try f.required("max_duration_s", in: field).double())
        guard rules.samplesPerQuery > 0, rules.minQueries > 0, rules.maxDurationS >= rules.minDurationS else {
            throw field.fail(
                "samples_per_query and min_queries must be positive, max_duration_s at least min_duration_s")
        }
        return rules
    }

    private static func parseServer(_ field: YAMLField) throws(SuiteError) -> ModeRules.Server {
        let f = try field.mapping(allowed: ["min_queries", "min_duration_s", "search_steps"])
        let rules = ModeRules.Server(
            minQueries: try f.required("min_queries", in: field).int(),
            minDurationS: try f.required("min_duration_s", in: field).double(),
            searchSteps: try f.required("search_steps", in: field).int())
        guard rules.minQueries > 0, rules.searchSteps > 0 else {
            throw field.fail("min_queries and search_steps must be positive")
        }
        return rules
    }

    private static func parseAudits(_ field: YAMLField) throws(SuiteError) -> AuditRules {
        let f = try field.mapping(allowed: [
            "output_sample_fraction", "output_sample_max", "output_tolerance", "audit_queries", "replay_max_speedup",
            "novel_max_speedup", "alternate_seed_tolerance", "alternate_seed_rounds_min", "novel_queries",
            "novel_min_queries", "novel_max_share",
            "novel_max_megabytes", "novel_agreement_min", "noise_cap", "miss_probability_at", "sustained_max_slowdown",
        ])
        var fractions: [Double] = []
        for item in try f.required("miss_probability_at", in: field).sequence() { fractions.append(try item.double()) }
        let rules = AuditRules(
            outputSampleFraction: try f.required("output_sample_fraction", in: field).double(),
            outputSampleMax: try f.required("output_sample_max", in: field).int(),
            outputTolerance: try f.required("output_tolerance", in: field).double(),
            auditQueries: try f.required("audit_queries", in: field).int(),
            replayMaxSpeedup: try f.required("replay_max_speedup", in: field).double(),
            novelMaxSpeedup: try f.required("novel_max_speedup", in: field).double(),
            alternateSeedTolerance: try f.required("alternate_seed_tolerance", in: field).double(),
            novelQueries: try f.required("novel_queries", in: field).int(),
            novelMinQueries: try f.required("novel_min_queries", in: field).int(),
            novelMaxShare: try f.required("novel_max_share", in: field).double(),
            novelMaxMegabytes: try f.required("novel_max_megabytes", in: field).double(),
            novelAgreementMin: try f.required("novel_agreement_min", in: field).double(),
            noiseCap: try f.required("noise_cap", in: field).double(),
            missProbabilityAt: fractions,
            sustainedMaxSlowdown: try f.required("sustained_max_slowdown", in: field).double(),
            alternateSeedRoundsMin: try f.required("alternate_seed_rounds_min", in: field).int())
        guard rules.outputSampleFraction > 0, rules.outputSampleFraction <= 1, rules.outputSampleMax > 0,
            rules.auditQueries >= 4, (1...8).contains(rules.alternateSeedRoundsMin)
        else {
            throw field.fail(
                "output_sample_fraction must be in (0, 1], output_sample_max positive, audit_queries at least 4, alternate_seed_rounds_min in 1...8 (of the 8 rounds)"
            )
        }
        guard rules.novelQueries >= rules.novelMinQueries, rules.novelMinQueries > 0, rules.novelMaxShare > 0,
            rules.novelMaxShare <= 0.5,
            rules.noiseCap >= 0, rules.novelAgreementMin >= 0, rules.novelAgreementMin <= 1,
            fractions.allSatisfy({ $0 > 0 && $0 < 1 })
        else {
            throw field.fail(
                "novel_queries must be at least novel_min_queries (positive), novel_max_share in (0, 0.5], noise_cap not negative, novel_agreement_min and every miss_probability_at in (0, 1)"
            )
        }
        return rules
    }
}
