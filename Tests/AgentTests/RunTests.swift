import Foundation
import Testing

@Suite("run: schedule executor and replies")
struct RunTests {
    @Test func afterCompletionTimesEveryQueryAndReturnsExactOutputs() throws {
        let fx = try EchoFixture()
        let queries = [3, 1, 7, 7, 0]
        let reply = try fx.run(["queries": queries, "outputs": "all"])
        #expect(reply.isOK)
        #expect(reply["count"] as? Int == 5)
        let start = reply["start_ns"] as? [Int64] ?? []
        let end = reply["end_ns"] as? [Int64] ?? []
        let begin = reply["run_begin_ns"] as? Int64 ?? 0
        let finish = reply["run_end_ns"] as? Int64 ?? 0
        #expect(start.count == 5 && end.count == 5)
        for i in 0..<min(start.count, end.count) {
            #expect(start[i] >= begin && end[i] >= start[i] && end[i] <= finish)
            if i > 0 { #expect(start[i] >= end[i - 1], "query \(i) issued before the previous completed") }
        }
        #expect(reply["accelerator"] as? String == "cpu")
        #expect(reply["accelerator_changes"] as? Int == 0)
        let outputs = reply["outputs"] as? [[String: Any]] ?? []
        #expect(outputs.count == 5)
        for (position, entry) in outputs.enumerated() {
            let sample = queries[position]
            #expect(entry["query"] as? Int == position)
            #expect(entry["sample"] as? Int == sample)
            let values = entry["values"] as? [String: Any] ?? [:]
            let doubled = (values["double"] as? [NSNumber] ?? []).map { $0.floatValue }
            #expect(doubled == fx.samples[sample].map { 2 * $0 })
            #expect((values["argmax"] as? [Int]) == [1])  // i + 0.5 is the largest element of sample i
        }
    }

    @Test func perQueryGroupsSamplesAndOutputQueriesSelects() throws {
        let fx = try EchoFixture()
        let reply = try fx.run(["queries": [0, 1, 2, 3, 4, 5], "per_query": 3, "output_queries": [1]])
        #expect(reply.isOK)
        #expect(reply["count"] as? Int == 2)
        let outputs = reply["outputs"] as? [[String: Any]] ?? []
        #expect(outputs.map { $0["query"] as? Int } == [1, 1, 1])
        #expect(outputs.map { $0["sample"] as? Int } == [3, 4, 5])
        let none = try fx.run(["queries": [0, 1], "outputs": "none"])
        #expect((none["outputs"] as? [Any])?.isEmpty == true)
    }

    @Test func atOffsetsIssuesOnScheduleAndCountsQueueing() throws {
        let fx = try EchoFixture()
        let offsets: [Int64] = [0, 2_000_000, 4_000_000, 4_000_000, 10_000_000]
        let reply = try fx.run(["queries": [0, 1, 2, 3, 4], "issue": "at_offsets", "offsets_ns": offsets])
        #expect(reply.isOK)
        let begin = reply["run_begin_ns"] as? Int64 ?? 0
        let start = reply["start_ns"] as? [Int64] ?? []
        let end = reply["end_ns"] as? [Int64] ?? []
        #expect(start.map { $0 - begin } == offsets, "start_ns must be the scheduled times")
        // Every query finished after its scheduled time; the last run ended no earlier than 10 ms in.
        for i in 0..<min(start.count, end.count) { #expect(end[i] >= start[i]) }
        #expect((reply["run_end_ns"] as? Int64 ?? 0) - begin >= 10_000_000)
    }

    /// Invalid schedules as JSON fragments added to a run request, with the field the message must name.
    static let invalidSchedules: [(String, String)] = [
        (#""queries":[0,8]"#, "queries[1]"),
        (#""queries":[-1]"#, "queries[0]"),
        (#""queries":[0,1],"per_query":0"#, "per_query"),
        (#""queries":[0,1,2],"per_query":2"#, "queries"),
        (#""queries":[]"#, "queries"),
        (#""queries":"0,1""#, "queries"),
        (#""queries":[1.5]"#, "queries[0]"),
        (#""queries":[null]"#, "queries[0]"),
        (#""queries":[0,1],"issue":"at_offsets","offsets_ns":[5,1]"#, "offsets_ns[1]"),
        (#""queries":[0,1],"issue":"at_offsets","offsets_ns":[0]"#, "offsets_ns"),
        (#""queries":[0,1],"issue":"at_offsets""#, "offsets_ns"),
        (#""queries":[0],"issue":"at_offsets","offsets_ns":[-1]"#, "offsets_ns[0]"),
        (#""queries":[0],"issue":"at_offsets","offsets_ns":[9223372036854775807]"#, "offsets_ns[0]"),
        (#""queries":[0],"issue":"whenever""#, "issue"),
        (#""queries":[0],"outputs":"some""#, "outputs"),
        (#""queries":[0],"output_queries":[1]"#, "output_queries[0]"),
    ]

    @Test(arguments: invalidSchedules)
    func invalidSchedulesAreRefusedNamingTheField(fragment: String, field: String) throws {
        let fx = try EchoFixture()
        try fx.agent.sendLine(#"{"id":9,"op":"run","model":"m0","samples":"s0","# + fragment + "}")
        let reply = try fx.agent.readReply()
        #expect(reply.errorCode == "bad_request", "\(fragment): \(reply)")
        #expect(reply.errorMessage.hasPrefix(field), "\(reply.errorMessage) should name \(field)")
        #expect(try fx.run(["queries": [0]]).isOK)
    }

    @Test func missingHandlesAreNotFound() throws {
        let fx = try EchoFixture()
        let noModel = try fx.agent.request(["op": "run", "model": "zz", "samples": "s0", "queries": [0]])
        #expect(noModel.errorCode == "not_found")
        let noSamples = try fx.agent.request(["op": "run", "model": "m0", "samples": "zz", "queries": [0]])
        #expect(noSamples.errorCode == "not_found")
    }

    @Test func backendErrorMidRunReportsCompletedCount() throws {
        let fx = try EchoFixture()
        var values = Array(repeating: Float(1), count: 4 * 4)
        values[2 * 4] = -999
        let path = try fx.folder.write(
            "poison.npy", data: NpyFixture.file(descr: "<f4", shape: [4, 4], data: NpyFixture.float32(values)))
        #expect(try fx.loadSamples("p", path).isOK)
        let reply = try fx.agent.request(["op": "run", "model": "m0", "samples": "p", "queries": [0, 1, 3, 2, 0]])
        #expect(reply.errorCode == "backend_error")
        #expect(reply.errorMessage.contains("after 3 completed"), "\(reply.errorMessage)")
        #expect(try fx.run(["queries": [0]]).isOK)
    }

    @Test func largeRunReplyIsFastAndComplete() throws {
        // Linear in the run's length, whatever the machine's speed (a sanitizer build on a loaded
        // machine is 20× slower): 100k queries may take at most 8× what 25k take, the best of two
        // tries each (linear: 4×; a reply built quadratically: 16×).
        let fx = try EchoFixture()
        var rng = SplitMix64(seed: 42)
        let queries = (0..<100_000).map { _ in Int(rng.next() % 8) }
        let clock = ContinuousClock()
        func best(_ count: Int) throws -> Duration {
            var fastest = Duration.seconds(1_000_000)
            for _ in 0..<2 {
                var reply: [String: Any] = [:]
                let elapsed = try clock.measure { reply = try fx.run(["queries": Array(queries.prefix(count))]) }
                #expect(reply.isOK)
                #expect((reply["start_ns"] as? [Any])?.count == count)
                #expect((reply["end_ns"] as? [Any])?.count == count)
                fastest = min(fastest, elapsed)
            }
            return fastest
        }
        let quarter = try best(25_000)
        let whole = try best(100_000)
        #expect(whole < quarter * 8, "100k queries took \(whole), 25k took \(quarter)")
    }
}
