/// A schedule for the agent to execute on its own clock (the `run` operation).
public struct RunRequest: Sendable, Equatable {
    /// How queries are issued.
    public enum Issue: Sendable, Equatable {
        /// The next query when the previous completes (SingleStream, MultiStream, Offline).
        case afterCompletion
        /// Each query at an offset from the run's start, in nanoseconds (Server).
        case atOffsets([UInt64])
    }

    /// Which outputs come back.
    public enum Outputs: String, Sendable, Equatable {
        case none
        case all
    }

    /// The model's handle on the agent.
    public var model: String
    /// The sample set's handle on the agent.
    public var samples: String
    /// Sample index of every sample issued, `perQuery` per query.
    public var queries: [Int]
    /// Samples per query (MultiStream: several; Offline: all in one query).
    public var perQuery: Int
    /// When each query is issued.
    public var issue: Issue
    /// Whether outputs come back.
    public var outputs: Outputs
    /// When set, outputs come back only for these query positions.
    public var outputQueries: [Int]?
    /// Commit then reveal: the agent returns a SHA-256 of every query's outputs and keeps the outputs
    /// for `reveal`, so no position to check is known to the device before its outputs are committed.
    public var outputDigests = false

    /// A schedule of `queries` on the model and samples the handles name.
    public init(
        model: String, samples: String, queries: [Int], perQuery: Int = 1, issue: Issue = .afterCompletion,
        outputs: Outputs = .none, outputQueries: [Int]? = nil
    ) {
        self.model = model
        self.samples = samples
        self.queries = queries
        self.perQuery = perQuery
        self.issue = issue
        self.outputs = outputs
        self.outputQueries = outputQueries
    }

    /// Number of queries in the schedule.
    public var queryCount: Int { perQuery > 0 ? queries.count / perQuery : 0 }

    var parameters: [String: Any] {
        var params: [String: Any] = [
            "model": model, "samples": samples, "queries": queries, "per_query": perQuery,
            "outputs": outputs.rawValue,
        ]
        switch issue {
        case .afterCompletion:
            params["issue"] = "after_completion"
        case .atOffsets(let offsets):
            params["issue"] = "at_offsets"
            params["offsets_ns"] = offsets
        }
        if let outputQueries { params["output_queries"] = outputQueries }
        if outputDigests { params["output_digests"] = true }
        return params
    }
}
