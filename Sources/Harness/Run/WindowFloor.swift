/// Lengthens a mode's rules so that every energy window — SingleStream, MultiStream, each Server
/// step, Offline, always-on and the LLM generations — lasts at least `seconds`: the time the
/// slowest instrument needs for the run rules' `min_samples` readings (a 1 s PTDaemon needs
/// 11 s for 10). A floor of 0 leaves the rules as they are.
enum WindowFloor {
    /// SingleStream: at least `seconds`, and no early stop before it (the window must fill).
    static func singleStream(_ rules: ModeRules.SingleStream, to seconds: Double) -> ModeRules.SingleStream {
        guard seconds > rules.minDurationS else { return rules }
        return ModeRules.SingleStream(
            minQueries: rules.minQueries, minDurationS: seconds, maxDurationS: max(rules.maxDurationS, seconds),
            repeats: rules.repeats, replicateTolerance: rules.replicateTolerance, stopWhenProven: false)
    }

    /// MultiStream: at least `seconds`, the cap raised to it.
    static func multiStream(_ rules: ModeRules.MultiStream, to seconds: Double) -> ModeRules.MultiStream {
        guard seconds > rules.minDurationS else { return rules }
        return ModeRules.MultiStream(
            samplesPerQuery: rules.samplesPerQuery, minQueries: rules.minQueries, minDurationS: seconds,
            maxDurationS: max(rules.maxDurationS, seconds))
    }

    /// Server: every tested rate runs at least `seconds` (the window spans the whole search, but a
    /// Poisson step can end short of its nominal duration, so no step is counted on to fill it).
    static func server(_ rules: ModeRules.Server, to seconds: Double) -> ModeRules.Server {
        guard seconds > rules.minDurationS else { return rules }
        return ModeRules.Server(minQueries: rules.minQueries, minDurationS: seconds, searchSteps: rules.searchSteps)
    }

    /// Offline: at least `seconds`.
    static func offline(_ rules: ModeRules.Offline, to seconds: Double) -> ModeRules.Offline {
        ModeRules.Offline(
            minSamples: rules.minSamples, minDurationS: max(rules.minDurationS, seconds), maxSamples: rules.maxSamples)
    }

    /// LLM: at least `seconds` of timed generation (the window holds every timed request, so it is
    /// at least as long), the cap raised to it.
    static func llm(_ rules: LLMRules, to seconds: Double) -> LLMRules {
        guard seconds > rules.minDurationS else { return rules }
        return LLMRules(
            minPrompts: rules.minPrompts, minDurationS: seconds, maxDurationS: max(rules.maxDurationS, seconds))
    }
}
