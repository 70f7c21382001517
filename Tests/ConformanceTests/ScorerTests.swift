import Testing

@testable import Conformance

@Suite("Scorer: verdict per clause")
struct ScorerTests {
    typealias F = ScoringFixtures

    @Test("pass and fail at and around the bound, for each comparison", arguments: ComparisonTests.table)
    func bounds(comparison: Comparison, below: Bool, at: Bool, above: Bool) throws {
        let standards = F.standards([
            F.clause(
                "LAT-01",
                requirements: [F.requirement("single_stream.p90_latency", unit: "ms", comparison, smartphone: 10)])
        ])
        for (value, holds) in [(10.0.nextDown, below), (10.0, at), (10.0.nextUp, above)] {
            let card = try F.score(F.input(["LAT-01"], [F.latency(value)]), standards)
            let row = try #require(card.verdicts.first)
            #expect(row.verdict == (holds ? .pass : .fail), "\(value) \(comparison) 10")
            #expect(row.checks.first?.bound == 10)
            #expect(row.checks.first?.value == value)
            #expect((row.reason != nil) == !holds)
        }
    }

    @Test("a failing row says what was measured and what is required")
    func failReason() throws {
        let card = try F.score(F.input(["LAT-01"], [F.latency(12)]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.reason == "single_stream.p90_latency is 12 ms; requires <= 10 ms")
        #expect(card.verdicts.first?.evidence == ["log:w1"])
    }

    @Test("not-applicable for a device class outside applies_to")
    func notApplicable() throws {
        let card = try F.score(
            F.input(["LAT-01"], [F.latency(1)], deviceClass: .toy), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.map(\.verdict) == [.notApplicable])
        #expect(card.verdicts.first?.reason?.hasPrefix("device class toy is not covered") == true)
        #expect(card.verdicts.first?.checks == [])
    }

    @Test("a covered class without a threshold is reported only, never a pass")
    func reportedOnly() throws {
        let card = try F.score(
            F.input(["LAT-01"], [F.latency(999)], deviceClass: .pc), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.verdict == .reportedOnly)
        #expect(card.counts.pass == 0 && card.counts.reportedOnly == 1)
        #expect(card.decision == .inconclusive, "a run whose only mandatory rows are reported only decides nothing")
        #expect(card.verdicts.first?.checks.first?.bound == nil)
        #expect(card.verdicts.first?.checks.first?.reason?.contains("reported only") == true)
    }

    @Test("inconclusive when the measurement is missing")
    func missingMeasurement() throws {
        let card = try F.score(F.input(["LAT-01"], []), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.verdict == .inconclusive)
        #expect(card.verdicts.first?.reason == "no measurement of single_stream.p90_latency for workload w1")
    }

    @Test("inconclusive with the measurement's reason when it has no value")
    func nilValue() throws {
        let card = try F.score(
            F.input(["LAT-01"], [F.latency(nil, reason: "device lost")]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.verdict == .inconclusive)
        #expect(card.verdicts.first?.reason?.contains("device lost") == true)
        #expect(card.verdicts.first?.checks.first?.value == nil)
    }

    @Test("inconclusive when the measurement is invalid, even within the bound")
    func invalid() throws {
        let card = try F.score(
            F.input(["LAT-01"], [F.latency(1, valid: false, reason: "only 100 queries")]),
            F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.verdict == .inconclusive)
        #expect(card.verdicts.first?.reason?.contains("only 100 queries") == true)
    }

    @Test("an absent figure flagged invalid (no meter) reads as no value, not as an invalid measurement")
    func absentNotInvalid() throws {
        let noMeter = Measurement(
            metric: "single_stream.p90_latency", workloadID: "w1", value: nil, unit: "ms", valid: false,
            reason: "no energy meter was given")
        let card = try F.score(F.input(["LAT-01"], [noMeter]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.verdict == .inconclusive)
        #expect(card.verdicts.first?.reason == "no value for single_stream.p90_latency: no energy meter was given")
        let measuredButInvalid = try F.score(
            F.input(["LAT-01"], [F.latency(1, valid: false, reason: "only 100 queries")]),
            F.standards([F.clause("LAT-01")]))
        #expect(measuredButInvalid.verdicts.first?.reason?.hasPrefix("invalid measurement") == true)
    }

    @Test("inconclusive when the unit differs from the clause's")
    func unitMismatch() throws {
        let wrong = Measurement(metric: "single_stream.p90_latency", workloadID: "w1", value: 0.001, unit: "s")
        let card = try F.score(F.input(["LAT-01"], [wrong]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.first?.verdict == .inconclusive)
    }

    @Test("inconclusive when the suite has no workload of the clause's kind")
    func noWorkloadOfKind() throws {
        let card = try F.score(
            F.input(["LAT-03"], [], workloads: [F.workload]), F.standards([F.clause("LAT-03", kinds: [.llm])]))
        #expect(card.verdicts.map(\.verdict) == [.inconclusive])
        #expect(card.verdicts.first?.reason == "suite test-suite has no workload of kind llm")
        #expect(card.verdicts.first?.workloadID == nil)
    }

    @Test("one row per workload of the kind; measurements of other workloads are not used")
    func rowPerWorkload() throws {
        let workloads = [
            F.workload, ScoredWorkload(id: "w2", kind: .visionMobile), ScoredWorkload(id: "k", kind: .llm),
        ]
        let card = try F.score(
            F.input(["LAT-01"], [F.latency(5), F.latency(50, workload: "w2")], workloads: workloads),
            F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.map(\.workloadID) == ["w1", "w2"])
        #expect(card.verdicts.map(\.verdict) == [.pass, .fail])
    }

    @Test("a device-level clause uses the measurements without a workload")
    func deviceLevel() throws {
        let clause = F.clause(
            "PRV-02", kinds: nil,
            requirements: [F.requirement("privacy.egress_packets", unit: "count", .equal, smartphone: 0)])
        let egress = { (value: Double, workload: String?) in
            Measurement(metric: "privacy.egress_packets", workloadID: workload, value: value, unit: "count")
        }
        let pass = try F.score(F.input(["PRV-02"], [egress(0, nil), egress(3, "w1")]), F.standards([clause]))
        #expect(pass.verdicts.map(\.verdict) == [.pass])
        #expect(pass.verdicts.first?.workloadID == nil)
        let fail = try F.score(F.input(["PRV-02"], [egress(1, nil)]), F.standards([clause]))
        #expect(fail.verdicts.map(\.verdict) == [.fail])
    }

    @Test("a row fails if any requirement fails, else is inconclusive if any is")
    func combination() throws {
        let clause = F.clause(
            "LAT-03", kinds: [.visionMobile],
            requirements: [
                F.requirement(),
                F.requirement("llm.decode_rate", unit: "tokens/s", .greaterThanOrEqual, smartphone: 10),
            ])
        let decode = { (value: Double) in
            Measurement(metric: "llm.decode_rate", workloadID: "w1", value: value, unit: "tokens/s")
        }
        let standards = F.standards([clause])
        #expect(
            try F.score(F.input(["LAT-03"], [F.latency(5), decode(12)]), standards).verdicts.first?.verdict == .pass)
        #expect(try F.score(F.input(["LAT-03"], [F.latency(5)]), standards).verdicts.first?.verdict == .inconclusive)
        #expect(try F.score(F.input(["LAT-03"], [decode(5)]), standards).verdicts.first?.verdict == .fail)
        #expect(
            try F.score(F.input(["LAT-03"], [F.latency(5), decode(5)]), standards).verdicts.first?.checks.count == 2)
    }

    @Test("an unknown clause id in the suite is an error")
    func unknownClause() throws {
        let error = #expect(throws: ScoringError.self) {
            try Scorer().score(F.input(["LAT-01", "LAT-99"], []), standards: F.standards([F.clause("LAT-01")]))
        }
        #expect(error?.code == .unknownClause)
        #expect(error?.clauseID == "LAT-99")
        #expect(error?.description.contains("LAT-99") == true)
    }

    @Test("a clause listed twice is scored once")
    func repeatedClause() throws {
        let card = try F.score(F.input(["LAT-01", "LAT-01"], [F.latency(5)]), F.standards([F.clause("LAT-01")]))
        #expect(card.verdicts.count == 1)
    }
}
