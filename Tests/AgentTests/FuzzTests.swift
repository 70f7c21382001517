import Foundation
import Testing

@Suite("fuzz")
struct FuzzTests {
    /// 300 seeded lines, half random bytes, half mutated valid requests: every line gets exactly one
    /// JSON-object reply and the agent stays alive and correct.
    @Test func randomAndMutatedLinesNeverKillTheAgent() throws {
        let fx = try EchoFixture()
        var rng = SplitMix64(seed: 0xA17C)
        let valid: [[String: Any]] = [
            ["id": 1, "op": "run", "model": "m0", "samples": "s0", "queries": [0, 1, 2], "outputs": "all"],
            [
                "id": 2, "op": "run", "model": "m0", "samples": "s0", "queries": [0, 1], "issue": "at_offsets",
                "offsets_ns": [0, 1000],
            ],
            ["id": 3, "op": "load_samples", "handle": "s1", "model": "m0", "inputs": ["input": ["path": "/dev/null"]]],
            ["id": 4, "op": "device_info"],
            ["id": 5, "op": "clock"],
        ]
        let templates = try valid.map { try JSONSerialization.data(withJSONObject: $0) }
        for round in 0..<300 {
            var line: Data
            if round % 2 == 0 {
                let length = Int(rng.next() % 512)
                line = Data((0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            } else {
                line = templates[Int(rng.next() % UInt64(templates.count))]
                for _ in 0..<(1 + Int(rng.next() % 4)) where !line.isEmpty {
                    let at = Int(rng.next() % UInt64(line.count))
                    switch rng.next() % 3 {
                    case 0: line[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: line.remove(at: at)
                    default:
                        let alphabet = Array("-9e99[]{}\",:0".utf8)
                        line.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    }
                }
            }
            line = Data(line.filter { $0 != 0x0A })
            try fx.agent.sendLine(line)
            let reply = try fx.agent.readReply(timeout: 20)
            #expect(reply["ok"] is Bool, "round \(round): \(reply)")
        }
        let check = try fx.run(["queries": [5], "outputs": "all"])
        #expect(check.isOK)
        try fx.agent.closeInput()
        #expect(try fx.agent.waitForExit() == 0)
    }
}
