import Crypto
import Foundation

/// Every seed of a run, derived in this one place from a secret drawn fresh for the run.
///
/// Why: a seed that is public data (the run rules) lets a backend predict which queries are
/// sampled for the outputs-match audit and which inputs are novel. The secret is 32 bytes from the
/// system's random source; its SHA-256, the `commitment`, is announced before anything runs (log,
/// progress display) and the report reveals the secret, so a regulator can check the commitment and
/// replay every selection — and the lab cannot have picked a convenient secret after the fact.
///
/// Scheme `aitc-seeds/1` (Docs/methodology.md, "Randomness"): the seed for `purpose` of the
/// workload at position `workload` (0-based, suite order), instance `index`, is the first 8 bytes,
/// big-endian, of SHA-256( ASCII "aitc-seeds/1|<purpose>|<workload>|<index>|" ‖ secret bytes ),
/// shifted right by 11 bits (53 bits: exact as a JSON number in the signed report).
/// A seed starts a SplitMix64 generator (`SampleIndexGenerator`).
public struct RunSeeds: Codable, Sendable, Equatable {
    /// What a seed is for; the raw value is the `<purpose>` of the derivation.
    public enum Purpose: String, CaseIterable, Sendable {
        /// Sample order of the SingleStream run (index: repeat number, 0 the main run).
        case singleStream = "single-stream"
        /// Sample order of the continuous run for the sustained clause.
        case sustained
        case multiStream = "multi-stream"
        case offline
        case server
        case alwaysOn = "always-on"
        /// Prompt order of an LLM generate run.
        case generate
        /// Which SingleStream queries return their outputs (TEST01, outputs-match).
        case outputSampling = "output-sampling"
        /// The perturbation of the novel inputs interleaved into the SingleStream.
        case novelInputs = "novel-inputs"
        /// Where novel inputs are placed among the SingleStream's queries.
        case interleave
        /// Sample order and the replayed sample of the audit blocks.
        case audits
        /// The alternate order of the alternate-seed audit (TEST05).
        case alternate
    }

    /// The derivation's name, written into reports.
    public static let scheme = "aitc-seeds/1"

    /// The seed scheme this run used (``RunSeeds/scheme``), so a verifier derives the same seeds.
    public let scheme: String
    /// The secret, 32 bytes as lowercase hex; revealed in the report.
    public let secret: String
    /// SHA-256 of the secret's bytes, lowercase hex; announced before the run.
    public let commitment: String

    /// A fresh secret from the system's cryptographic random source.
    public static func fresh() -> RunSeeds {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return RunSeeds(secretBytes: bytes)
    }

    /// The seeds of a known secret (a replay, or a test); `nil` unless 64 hex digits.
    public init?(secretHex: String) {
        guard secretHex.count == 64, let bytes = Self.bytes(hex: secretHex) else { return nil }
        self.init(secretBytes: bytes)
    }

    private init(secretBytes: [UInt8]) {
        scheme = Self.scheme
        secret = Self.hex(secretBytes)
        commitment = Self.hex(Array(SHA256.hash(data: secretBytes)))
    }

    /// The seed for `purpose` of workload `workload`, instance `index`.
    public func seed(_ purpose: Purpose, workload: Int, index: Int = 0) -> UInt64 {
        var data = Data("\(Self.scheme)|\(purpose.rawValue)|\(workload)|\(index)|".utf8)
        data.append(contentsOf: Self.bytes(hex: secret) ?? [])
        // 53 bits: a report's numbers must be exact in JSON (RFC 8785 signing refuses larger integers).
        return SHA256.hash(data: data).prefix(8).reduce(0) { $0 << 8 | UInt64($1) } >> 11
    }

    /// The seeds of a workload's re-run after an outage (`attempt` 2, 3, …; 1 is the run's own):
    /// those of the secret SHA-256(ASCII `aitc-seeds/1|attempt|<attempt>|` ‖ secret bytes). The
    /// device saw the interrupted attempt's novel inputs and sampled positions; the re-run draws new
    /// ones, and a regulator derives them from the revealed secret and the report's outage list.
    public func forAttempt(_ attempt: Int) -> RunSeeds {
        guard attempt > 1, let bytes = Self.bytes(hex: secret) else { return self }
        var data = Data("\(Self.scheme)|attempt|\(attempt)|".utf8)
        data.append(contentsOf: bytes)
        return RunSeeds(secretBytes: Array(SHA256.hash(data: data)))
    }

    /// Whether `commitment` is the SHA-256 of `secret` (what a verifier checks).
    public var commitmentHolds: Bool {
        guard let bytes = Self.bytes(hex: secret) else { return false }
        return Self.hex(Array(SHA256.hash(data: bytes))) == commitment
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[pair..<pair + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            result.append(byte)
        }
        return result
    }
}
