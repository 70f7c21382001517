import Foundation
import Harness
import Testing

/// The `generate` op on the llm workload (Suites/workloads/llm, built by Tools/workloads/build_all.sh):
/// greedy tokens equal onnxruntime's reference, device-clock timestamps are ordered, and every bad
/// request is refused with the right code.
@Suite("generate: greedy LLM generation on the device clock", .serialized)
struct GenerateTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Suites/workloads/llm").path

    static func session() throws -> AgentSession {
        let agent = try AgentSession()
        for (handle, file) in [("pre", "llm_prefill.onnx"), ("dec", "llm_decode.onnx")] {
            let reply = try agent.request(
                ["op": "load_model", "handle": handle, "path": "\(dir)/\(file)", "backend": "reference", "threads": 1],
                timeout: 120)
            guard reply.isOK else { throw AgentSession.Failure(description: "load_model \(file): \(reply)") }
        }
        return agent
    }

    static func request(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var message: [String: Any] = [
            "op": "generate", "prefill": "pre", "decode": "dec", "prompts": [2, 0], "new_tokens": 6,
            "prompt_inputs": [
                "input_ids": ["path": "\(dir)/prefill_input_ids.npy"],
                "position_ids": ["path": "\(dir)/prefill_position_ids.npy"],
            ],
        ]
        for (key, value) in overrides { message[key] = value }
        return message
    }

    @Test func greedyTokensMatchTheReferenceAndTimesAreOrdered() throws {
        let agent = try Self.session()
        let reply = try agent.request(Self.request(), timeout: 120)
        #expect(reply.isOK, "\(reply)")
        #expect(reply["count"] as? Int == 2)
        #expect(reply["prompt_length"] as? Int == 512)
        #expect(reply["accelerator"] as? String == "cpu")
        let reference = try NpyFile(path: "\(Self.dir)/reference_tokens.npy")
        let results = reply["results"] as? [[String: Any]] ?? []
        #expect(results.map { $0["prompt"] as? Int } == [2, 0])
        let begin = reply["run_begin_ns"] as? Int64 ?? 0
        var previousEnd = begin
        for result in results {
            let prompt = result["prompt"] as? Int ?? -1
            let tokens = result["tokens"] as? [Int] ?? []
            let expected = (0..<6).map { Int(reference.values[prompt * 32 + $0]) }
            #expect(tokens == expected, "prompt \(prompt)")
            let start = result["start_ns"] as? Int64 ?? 0
            let first = result["first_token_ns"] as? Int64 ?? 0
            let steps = result["step_ns"] as? [Int64] ?? []
            #expect(start >= previousEnd && first > start)
            #expect(steps.count == 5 && steps.allSatisfy { $0 > 0 })
            previousEnd = first + steps.reduce(0, +)
        }
        #expect((reply["run_end_ns"] as? Int64 ?? 0) >= previousEnd)
    }

    @Test func oneTokenIsThePrefillAlone() throws {
        let agent = try Self.session()
        let reply = try agent.request(Self.request(["prompts": [1], "new_tokens": 1]), timeout: 120)
        #expect(reply.isOK, "\(reply)")
        let result = (reply["results"] as? [[String: Any]])?.first ?? [:]
        #expect((result["tokens"] as? [Int])?.count == 1)
        #expect((result["step_ns"] as? [Int64])?.isEmpty == true)
    }

    @Test func badRequestsAreRefused() throws {
        let agent = try Self.session()
        let cases: [([String: Any], String)] = [
            (["prompts": [4]], "bad_request"),
            (["prompts": []], "bad_request"),
            (["new_tokens": 0], "bad_request"),
            (["decode": "nope"], "not_found"),
            (["prefill": "dec"], "shape_mismatch"),
            (["logits": "present_key_0x"], "shape_mismatch"),
            (["prompt_inputs": ["input_ids": ["path": "\(Self.dir)/prefill_input_ids.npy"]]], "bad_request"),
            (
                [
                    "prompt_inputs": [
                        "input_ids": [
                            "path": "\(Self.dir)/prefill_input_ids.npy", "sha256": String(repeating: "0", count: 64),
                        ],
                        "position_ids": ["path": "\(Self.dir)/prefill_position_ids.npy"],
                    ]
                ], "digest_mismatch"
            ),
            (
                [
                    "prompt_inputs": [
                        "input_ids": ["path": "\(Self.dir)/reference_margins.npy"],
                        "position_ids": ["path": "\(Self.dir)/prefill_position_ids.npy"],
                    ]
                ], "shape_mismatch"
            ),
            (
                [
                    "prompt_inputs": [
                        "input_ids": ["path": "\(Self.dir)/missing.npy"],
                        "position_ids": ["path": "\(Self.dir)/prefill_position_ids.npy"],
                    ]
                ], "not_found"
            ),
        ]
        for (overrides, code) in cases {
            let reply = try agent.request(Self.request(overrides), timeout: 60)
            #expect(reply.errorCode == code, "\(overrides): \(reply)")
        }
        // The session still works after every refusal.
        #expect(try agent.request(Self.request(["prompts": [3], "new_tokens": 2]), timeout: 60).isOK)
    }
}
