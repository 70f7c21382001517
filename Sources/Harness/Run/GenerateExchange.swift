import Foundation

/// One `generate` request after another on the agent, each reply checked (one result per prompt
/// asked for, in order; exactly the tokens asked for; a decode time per step) and turned into
/// ``GenerateResult/Generation`` values. Sent through ``AgentClient/exchangeRaw(_:timeout:)`` with
/// ids of its own range.
struct GenerateExchange {
    /// A checked reply.
    struct Reply {
        let generations: [GenerateResult.Generation]
        let durationS: Double
        let accelerator: String
        let acceleratorChanges: Int
    }

    private struct Wire: Decodable {
        struct Failure: Decodable {
            let code: String
            let message: String
        }

        struct Item: Decodable {
            let prompt: Int
            let startNs: UInt64
            let firstTokenNs: UInt64
            let tokens: [Int]
            let stepNs: [UInt64]
        }

        let id: Int?
        let ok: Bool
        let error: Failure?
        let promptLength: Int?
        let runBeginNs: UInt64?
        let runEndNs: UInt64?
        let accelerator: String?
        let acceleratorChanges: Int?
        let results: [Item]?
    }

    /// Generous: a slow device may need minutes for a batch of long prompts.
    static let timeoutS = 900.0
    /// Request ids start here, far above the client's own counter.
    static let firstID = 1_000_000_000

    let client: AgentClient
    let base: [String: Any]
    let newTokens: Int
    let workload: String
    private var nextID = GenerateExchange.firstID
    /// The prompt length the agent reported (0 before the first reply).
    private(set) var promptLength = 0

    init(client: AgentClient, base: [String: Any], newTokens: Int, workload: String) {
        self.client = client
        self.base = base
        self.newTokens = newTokens
        self.workload = workload
    }

    mutating func generate(_ prompts: [Int]) throws(HarnessError) -> Reply {
        var message = base
        message["prompts"] = prompts
        message["id"] = nextID
        nextID += 1
        let line: String
        do {
            line = String(
                decoding: try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys]), as: UTF8.self)
        } catch {
            throw HarnessError(.invalidInput, "\(workload): cannot encode the generate request: \(error)")
        }
        let text: String
        do { text = try client.exchangeRaw(line, timeout: Self.timeoutS) } catch {
            throw HarnessError(agent: error, during: "generation of \(workload)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let wire = try? decoder.decode(Wire.self, from: Data(text.utf8)), wire.id == message["id"] as? Int else {
            throw HarnessError(.deviceMisbehaved, "\(workload): malformed generate reply: \(text.prefix(200))")
        }
        if !wire.ok {
            let error = AgentError(
                .agentRefused, wire.error?.message ?? "no message", agentCode: wire.error?.code ?? "unknown")
            throw HarnessError(agent: error, during: "generation of \(workload)")
        }
        return try check(wire, prompts: prompts)
    }

    private mutating func check(_ wire: Wire, prompts: [Int]) throws(HarnessError) -> Reply {
        guard let results = wire.results, let begin = wire.runBeginNs, let end = wire.runEndNs, end >= begin,
            results.map(\.prompt) == prompts
        else {
            throw HarnessError(
                .deviceMisbehaved, "\(workload): the generate reply does not answer prompts \(prompts) in order")
        }
        var generations: [GenerateResult.Generation] = []
        for item in results {
            guard item.tokens.count == newTokens, item.stepNs.count == newTokens - 1, item.firstTokenNs >= item.startNs,
                item.tokens.allSatisfy({ $0 >= 0 })
            else {
                throw HarnessError(
                    .deviceMisbehaved,
                    "\(workload): prompt \(item.prompt) came back with \(item.tokens.count) tokens and \(item.stepNs.count) "
                        + "step times (asked for \(newTokens) tokens), or a first token before its start")
            }
            generations.append(
                .init(
                    prompt: item.prompt, tokens: item.tokens, ttftNs: item.firstTokenNs - item.startNs,
                    stepNs: item.stepNs))
        }
        promptLength = wire.promptLength ?? promptLength
        return Reply(
            generations: generations, durationS: Double(end - begin) / 1e9, accelerator: wire.accelerator ?? "unknown",
            acceleratorChanges: wire.acceleratorChanges ?? 0)
    }
}
