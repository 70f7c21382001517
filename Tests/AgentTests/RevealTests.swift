import Foundation
import Harness
import Testing

/// Commit then reveal: `run` with `output_digests` commits to a SHA-256 of every query's outputs and
/// keeps them; `reveal` returns the kept outputs of the positions asked, with their raw bytes.
@Suite("run output_digests and reveal")
struct RevealTests {
    /// The documented digest (Docs/agent-protocol.md), recomputed here from the revealed bytes.
    static func digest(_ samples: [[String: Any]], names: [String]) -> String {
        var bytes = Data("aitc-output-v1\n".utf8)
        func le(_ v: UInt64, _ n: Int) {
            bytes.append(contentsOf: (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) })
        }
        for sample in samples {
            let dtypes = sample["dtypes"] as? [String: String] ?? [:]
            let shapes = sample["shapes"] as? [String: [Int]] ?? [:]
            let raw = sample["raw"] as? [String: String] ?? [:]
            for name in names {
                let data = Data(base64Encoded: raw[name] ?? "") ?? Data()
                bytes.append(contentsOf: Array((dtypes[name] ?? "").utf8) + [0])
                le(UInt64(shapes[name]?.count ?? 0), 4)
                for dim in shapes[name] ?? [] { le(UInt64(bitPattern: Int64(dim)), 8) }
                le(UInt64(data.count), 8)
                bytes.append(data)
            }
        }
        return FileDigest.sha256(bytes)
    }

    @Test func everyQueryIsCommittedAndRevealedOutputsHashToTheirDigests() throws {
        let fx = try EchoFixture()
        let queries = [3, 1, 7, 7, 0, 2]
        let reply = try fx.run(["queries": queries, "per_query": 2, "output_digests": true])
        #expect(reply.isOK, "\(reply)")
        let digests = reply["output_digests"] as? [String] ?? []
        #expect(digests.count == 3 && digests.allSatisfy { $0.count == 64 })
        #expect((reply["outputs"] as? [Any])?.isEmpty == true, "outputs come back only through reveal")
        #expect((reply["retained_bytes"] as? Int) == 6 * (16 + 8))
        #expect((reply["retain_max_bytes"] as? Int) == 256 << 20)
        let revealed = try fx.agent.request(["op": "reveal", "queries": [2, 0]])
        #expect(revealed.isOK, "\(revealed)")
        #expect(revealed["count"] as? Int == 3)
        let outputs = revealed["outputs"] as? [[String: Any]] ?? []
        #expect(outputs.map { $0["query"] as? Int } == [2, 2, 0, 0])
        #expect(outputs.map { $0["sample"] as? Int } == [0, 2, 3, 1])
        for query in [0, 2] {
            let samples = outputs.filter { $0["query"] as? Int == query }
            #expect(Self.digest(samples, names: ["double", "argmax"]) == digests[query], "query \(query)")
        }
        // The raw bytes are the values: sample 3 doubled, little-endian float32.
        let raw = Data(base64Encoded: ((outputs[2]["raw"] as? [String: String])?["double"]) ?? "") ?? Data()
        let floats = stride(from: 0, to: raw.count, by: 4).map { i in
            Float(bitPattern: raw[i..<i + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        #expect(floats == fx.samples[3].map { 2 * $0 })
        // Another order of the same outputs would be another digest: the order is part of the commitment.
        let swapped = outputs.filter { $0["query"] as? Int == 2 }.reversed()
        #expect(Self.digest(Array(swapped), names: ["double", "argmax"]) != digests[2])
    }

    @Test func revealAnswersForTheLastRunWithDigestsOnly() throws {
        let fx = try EchoFixture()
        let before = try fx.agent.request(["op": "reveal", "queries": [0]])
        #expect(before.errorCode == "bad_request" && before.errorMessage.contains("output_digests"), "\(before)")
        #expect(try fx.run(["queries": [0, 1], "output_digests": true]).isOK)
        let outside = try fx.agent.request(["op": "reveal", "queries": [2]])
        #expect(outside.errorCode == "bad_request" && outside.errorMessage.hasPrefix("queries[0]"), "\(outside)")
        let tooMany = try fx.agent.request(["op": "reveal", "queries": [0, 1, 0]])
        #expect(tooMany.errorCode == "bad_request" && tooMany.errorMessage.hasPrefix("queries"), "\(tooMany)")
        #expect(try fx.agent.request(["op": "reveal", "queries": [1]]).isOK)
        // A later run without digests: nothing is kept.
        #expect(try fx.run(["queries": [0]]).isOK)
        #expect(try fx.agent.request(["op": "reveal", "queries": [0]]).errorCode == "bad_request")
    }

    @Test(arguments: [
        (#""queries":[0],"output_digests":1"#, "output_digests"),
        (#""queries":[0],"output_digests":true,"outputs":"all""#, "output_digests"),
        (#""queries":[0],"output_digests":true,"output_queries":[0]"#, "output_digests"),
    ])
    func invalidDigestRequestsAreRefusedNamingTheField(fragment: String, field: String) throws {
        let fx = try EchoFixture()
        try fx.agent.sendLine(#"{"id":9,"op":"run","model":"m0","samples":"s0","# + fragment + "}")
        let reply = try fx.agent.readReply()
        #expect(reply.errorCode == "bad_request", "\(fragment): \(reply)")
        #expect(reply.errorMessage.hasPrefix(field), "\(reply.errorMessage) should name \(field)")
    }

    @Test func theProtocolDocumentSaysWhatTheAgentDoes() throws {
        let doc = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../Docs/agent-protocol.md"), encoding: .utf8)
        let agent = try AgentSession(handshake: false)
        let hello = try agent.request(["op": "hello", "protocol": 1])
        let caps = (hello["capabilities"] as? [String] ?? []).map { "\"\($0)\"" }.joined(separator: ",")
        #expect(caps.contains("\"reveal\""))
        #expect(doc.contains("\"capabilities\":[\(caps)]"), "the hello example lists \(caps)")
        // The cap the reply states is the one documented.
        let fx = try EchoFixture()
        let reply = try fx.run(["queries": [0], "output_digests": true])
        let cap = try #require(reply["retain_max_bytes"] as? Int)
        #expect(doc.contains("\"retain_max_bytes\":\(cap)") && doc.contains("\(cap >> 20) MiB"))
        #expect(doc.contains("aitc-output-v1\\n"), "the digest's domain prefix is documented")
    }
}
