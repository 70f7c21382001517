/// The `llm:` section of a workload: greedy generation with a prefill model (the workload's `model`,
/// fed the prompt files of `inputs`) and a decode-step model that takes its KV cache back as
/// `past_*` inputs. Quality is the workload's `token-match` gate against reference greedy tokens.
public struct GenerationSpec: Codable, Sendable, Equatable {
    /// The decode-step model (one token plus the KV cache in, logits plus the next cache out).
    public let decodeModel: AssetFile
    /// Tokens generated per prompt: the prefill's, then one per decode step.
    public let newTokens: Int

    /// A generation with the decode model `decodeModel` producing `newTokens` tokens per prompt.
    public init(decodeModel: AssetFile, newTokens: Int) {
        self.decodeModel = decodeModel
        self.newTokens = newTokens
    }
}
