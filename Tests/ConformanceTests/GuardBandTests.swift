import Testing

@testable import Conformance

/// The guard-band decision rule (ILAC G8) and the method's maximum uncertainty, on the issue's
/// case: a 0.5 W standby limit.
@Suite struct GuardBandTests {
    typealias F = ScoringFixtures

    static func standby(maximum: Double? = 0.02, rule: UncertaintyRule = .guardBand) -> StandardsSet {
        let requirement = Requirement(
            metric: "energy.standby_power", unit: "W", comparison: .lessThanOrEqual, thresholds: [.smartphone: 0.5],
            decisionRule: rule, maximumRelativeUncertainty: maximum)
        return F.standards([F.clause("ENG-01", kinds: nil, requirements: [requirement])])
    }

    static func verdict(
        _ value: Double, _ u: Double?, missing: String? = nil, maximum: Double? = 0.02,
        rule: UncertaintyRule = .guardBand
    ) throws -> (Verdict, String?) {
        let m = Measurement(
            metric: "energy.standby_power", value: value, unit: "W", uncertainty: u, uncertaintyMissing: missing)
        let card = try F.score(F.input(["ENG-01"], [m]), standby(maximum: maximum, rule: rule))
        let row = try #require(card.verdicts.first)
        return (row.verdict, row.reason)
    }

    @Test func theWholeIntervalMustMeetTheLimitToPass() throws {
        #expect(try Self.verdict(0.45, 0.004).0 == .pass)
        #expect(try Self.verdict(0.56, 0.004).0 == .fail)
        let (straddle, reason) = try Self.verdict(0.498, 0.004)
        #expect(straddle == .inconclusive && reason?.contains("straddles the limit") == true)
    }

    /// The case: 0.45 W ± 0.09 W (±20 %) passed a 0.5 W limit; now it is inconclusive,
    /// first because IEC 62301 allows at most 2 %, and without that maximum because it straddles.
    @Test func anOverUncertainFigureIsInconclusiveNotPass() throws {
        let (verdict, reason) = try Self.verdict(0.45, 0.09)
        #expect(verdict == .inconclusive && reason?.contains("above the 2 % the clause's method allows") == true)
        let (unbounded, why) = try Self.verdict(0.45, 0.09, maximum: nil)
        #expect(unbounded == .inconclusive && why?.contains("straddles") == true)
        // Control: the simple rule, as before, passes it.
        #expect(try Self.verdict(0.45, 0.09, maximum: nil, rule: .simple).0 == .pass)
    }

    @Test func aFigureWithoutAStatedUncertaintyIsInconclusive() throws {
        let (none, reason) = try Self.verdict(0.30, nil)
        #expect(none == .inconclusive && reason?.contains("uncertainty is unknown") == true)
        let (auto, why) = try Self.verdict(0.30, 0.001, missing: "PTDaemon stated no uncertainty for the window")
        #expect(auto == .inconclusive && why?.contains("PTDaemon stated no uncertainty") == true)
    }

    @Test func theStandardsFileStatesTheRulePerEnergyClause() throws {
        let root = try #require(PackageRoot.path())
        let set = try StandardsLoader().load(paths: [root + "/Standards"])
        for id in ["ENG-01", "ENG-01a", "ENG-02", "ENG-03", "ENG-04", "ENG-05"] {
            let clause = try #require(set.clause(id: id))
            #expect(clause.requirements.allSatisfy { $0.decisionRule == .guardBand }, "\(id)")
        }
        #expect(set.clause(id: "ENG-01")?.requirements.first?.maximumRelativeUncertainty == 0.02)
    }
}
