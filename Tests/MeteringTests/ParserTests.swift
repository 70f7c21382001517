import TestSupport
import Testing

@testable import Metering

@Suite struct ParserTests {
    @Test(arguments: ["1.234E+01", " 12.34 ", ":NUM:NORM:VAL 12.34"])
    func scpiNumbersAreRead(_ reply: String) throws {
        #expect(try ScpiReply.number(reply).get() == 12.34)
    }

    @Test(arguments: ["", "garbage", "1.0,2.0", "NAN", "nan", "INF", "9.91E+37", "-9.9E37"])
    func scpiNonNumbersAreRefused(_ reply: String) {
        #expect(throws: ReplyProblem.self) { try ScpiReply.number(reply).get() }
    }

    @Test func ptdLineIsRead() throws {
        let line = try PtdLogLine.parse(
            "Time,05-02-2021 02:12:46.379,Watts,81.510000,Volts,229.94,Amps,0.3891,PF,0.9110,Mark,run_1"
        ).get()
        #expect(line.watts == 81.51)
        #expect(line.volts == 229.94)
        #expect(line.amps == 0.3891)
        #expect(line.mark == "run_1")
        let days = Int64(PtdTime.daysFromCivil(year: 2021, month: 5, day: 2))
        #expect(line.timeNs == (days * 86_400 + 2 * 3600 + 12 * 60 + 46) * 1_000_000_000 + 379_000_000)
    }

    /// `RL,*,*` on a two-channel analyzer (the sum, then each channel, as MLPerf power's server
    /// reads it), and the same line as that server writes it to its log (`Mark`, `Ch<n>` inserted).
    @Test(arguments: [
        "Time,05-02-2021 02:12:46.379,Watts,20.5,Volts,230.1,Amps,0.09,PF,0.99,Watts,10.0,Volts,230.1,Amps,0.045,PF,0.99,Watts,10.5,Volts,229.9,Amps,0.046,PF,0.98",
        "Time,05-02-2021 02:12:46.379,Watts,20.5,Volts,230.1,Amps,0.09,PF,0.99,Mark,run_1,Ch1,Watts,10.0,Volts,230.1,Amps,0.045,PF,0.99,Ch2,Watts,10.5,Volts,229.9,Amps,0.046,PF,0.98",
    ])
    func ptdMultiChannelLineIsRead(_ text: String) throws {
        let line = try PtdLogLine.parse(text).get()
        #expect(line.watts == 20.5 && line.channels.map(\.watts) == [10.0, 10.5] && line.markedValue == nil)
        #expect(line.largestVolts == 230.1 && line.largestAmps == 0.09)
        let marked = try PtdLogLine.parse(text.replacingOccurrences(of: "Watts,10.5", with: "Watts,-1")).get()
        #expect(marked.markedValue == -1, "a channel marked −1 makes the sample a gap")
    }

    @Test func ptdUncertaintyOfSeveralChannelsIsTheLeastFavourable() throws {
        let u = try PtdUncertainty.parse("Uncertainty,0.0012,0.0010,0.0015,120,3,117,0,0.004,0.003,0.006,120,3,117,0")
            .get()
        #expect(u.average == 0.004 && u.maximum == 0.006 && u.minimum == 0.0010 && u.total == 120)
        let oneUnstated = try PtdUncertainty.parse("Uncertainty,0.0012,0.0010,0.0015,120,3,117,0,-1,-1,-1,120,0,0,120")
            .get()
        #expect(oneUnstated.unusableReason != nil)
        #expect(throws: ReplyProblem.self) {
            try PtdUncertainty.parse("Uncertainty,0.0012,0.0010,0.0015,120,3,117,0,0.004").get()
        }
    }

    @Test(arguments: [
        "Time,05-02-2021 02:12:46.379,Watts", "Time,13-02-2021 02:12:46.379,Watts,1",
        "Time,05-02-2021 02:12:46.379,Watts,nan", "Watts,1,Volts,2", "Time,yesterday,Watts,1", "random words",
    ])
    func ptdBadLinesAreRefused(_ line: String) {
        #expect(throws: ReplyProblem.self) { try PtdLogLine.parse(line).get() }
    }

    @Test func civilDaysMatchKnownDates() {
        #expect(PtdTime.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(PtdTime.daysFromCivil(year: 2000, month: 3, day: 1) == 11_017)
        #expect(WallClockText.format(nanoseconds: 1_620_000_000_123_000_000) == "05-03-2021 00:00:00.123")
    }

    @Test func ptdIdentifyIsReadFieldByField() throws {
        let reply =
            "WT310E-YOKOGAWA,1000,1,1,1,1,0,0,1,version=1.11.1-a1b2c3d4-20230101,OS=Linux 6.1,mode=power,1,1,2,extra,fields"
        let identity = try PtdIdentity.parse(reply).get()
        #expect(identity.driver == "WT310E-YOKOGAWA" && identity.intervalMs == 1000 && identity.accepted)
        #expect(identity.version == "1.11.1-a1b2c3d4-20230101" && identity.mode == "power" && identity.channels == 2)
        let dummy = try PtdIdentity.parse(reply.replacingOccurrences(of: ",0,0,1,version", with: ",0,0,0,version"))
            .get()
        #expect(!dummy.accepted)
    }

    /// The layout of the Identify reply a PTDaemon 1.9.2 gave MLPerf (mlcommons/power-dev issue
    /// #166): 19 fields, the analyzer's `*IDN?` last; here with another OS text, and again with
    /// commas inside it, which must not shift the fields after it.
    @Test(arguments: [
        "Linux 5.8.0-43-generic #49~20.04.1-Ubuntu SMP x86_64", "Linux 6.1, build 7, x86_64",
    ])
    func ptdIdentifyOfAPublishedDaemonIsRead(_ os: String) throws {
        let reply =
            "YokogawaWT330E,1000,1,1,1,1,0,0,1,version=1.9.2-e8c7a49a-20201208,OS=\(os),mode=power,1,1,1,0,0,no_cal_date,YOKOGAWA;WT333E;C3VD30030E;F1.04"
        let identity = try PtdIdentity.parse(reply).get()
        #expect(identity.driver == "YokogawaWT330E" && identity.intervalMs == 1000 && identity.accepted)
        #expect(identity.version == "1.9.2-e8c7a49a-20201208" && identity.mode == "power")
        #expect(identity.channels == 1 && identity.estimatesUncertainty && identity.canSetRanges)
    }

    /// The unit of the Uncertainty reply, each form: a bare number is a fraction (as the reply
    /// MLPerf published, power-dev PR #273); `%` marks a percentage; a bare number above 1 has no
    /// plausible unit and is refused (no stated uncertainty → the guard band is inconclusive).
    @Test func ptdUncertaintyIsReadInEachUnitForm() throws {
        let published = try PtdUncertainty.parse("Uncertainty,0.006264,0.006105,0.009201,692,0,692,0").get()
        #expect(published.average == 0.006264 && published.maximum == 0.009201 && published.unusableReason == nil)
        let percent = try PtdUncertainty.parse("Uncertainty,0.63%,0.61%,0.92 %,692,0,692,0").get()
        #expect(abs(percent.average - 0.0063) < 1e-12 && abs(percent.maximum - 0.0092) < 1e-12)
        // A bare 0.63 may be 0.63 % written without the sign: read as a fraction it is 63 %, which
        // overstates U (inconclusive), never understates it.
        let ambiguous = try PtdUncertainty.parse("Uncertainty,0.63,0.61,0.92,692,0,692,0").get()
        #expect(ambiguous.average == 0.63)
        #expect(throws: ReplyProblem.self) { try PtdUncertainty.parse("Uncertainty,63,61,92,692,0,692,0").get() }
        #expect(throws: ReplyProblem.self) {
            try PtdUncertainty.parse("Uncertainty,0.0012,0.001,0.0015,692,0,692,0,1.2,1.1,1.5,692,0,692,0").get()
        }
    }

    @Test(arguments: [
        "AITC PTD simulator, WT-SIM", "WT310E,1000,1,1,1,1,0,0,yes,version=1,OS=x,mode=power,1,1,1",
        "WT310E,1000,1,1,1,1,0,0,1,1.11.1,OS=x,power,1,1,1",
        "WT310E,1000,1,1,1,1,0,0,1,version=1.11.1,OS=x,mode=power,1,1",
        "WT310E,1000,1,1,1,1,0,0,1,version=1.11.1,mode=power,OS=x,1,1,1",
    ])
    func ptdIdentifyWithoutSPECsFieldsIsRefused(_ reply: String) {
        #expect(throws: ReplyProblem.self) { try PtdIdentity.parse(reply).get() }
    }

    @Test func ptdUncertaintyIsRead() throws {
        let u = try PtdUncertainty.parse("Uncertainty,0.0012,0.0010,0.0015,120,3,117,0").get()
        #expect(
            u.average == 0.0012 && u.maximum == 0.0015 && u.total == 120 && u.invalid == 3 && u.unusableReason == nil)
        let auto = try PtdUncertainty.parse("Uncertainty,-1,-1,-1,120,0,0,120").get()
        #expect(auto.unusableReason != nil)
        #expect(throws: ReplyProblem.self) { try PtdUncertainty.parse("Uncertainty,0.0012,Watts").get() }
    }
}
