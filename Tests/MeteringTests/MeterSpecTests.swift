import Testing

@testable import Metering

@Suite struct MeterSpecTests {
    @Test func parsesScpiWithPresetAndEscapedCommand() throws {
        let spec = try MeterSpec(
            parsing: "scpi://127.0.0.1:10001?preset=yokogawa-wt&rate=20&power=MEAS%3APOW%3F+(%401)")
        #expect(spec.scheme == .scpi)
        #expect(spec.host == "127.0.0.1")
        #expect(spec.port == 10001)
        #expect(spec.options["power"] == "MEAS:POW? (@1)")
        let settings = try ScpiSettings(spec: spec)
        #expect(settings.rateHz == 20)
        #expect(settings.commands.power == "MEAS:POW? (@1)")
        #expect(settings.commands.setup.contains(":NUMERIC:NORMAL:ITEM1 P,1"))
    }

    @Test func parsesPtd() throws {
        let spec = try MeterSpec(parsing: "ptd://lab-ptd.local:4950")
        #expect(spec.scheme == .ptd)
        #expect(spec.host == "lab-ptd.local")
        #expect(spec.port == 4950)
        #expect(try PtdSettings(spec: spec).intervalMs == 1000)
    }

    @Test(arguments: [
        "127.0.0.1:4950", "http://127.0.0.1:80", "ptd://127.0.0.1", "ptd://:4950", "ptd://h:0",
        "ptd://h:99999", "ptd://h:x", "scpi://h:1?colour=red", "scpi://h:1?rate", "scpi://h:1?power=%zz",
    ])
    func refusesBadURLs(_ text: String) {
        #expect(throws: MeterError.self) { try MeterSpec(parsing: text) }
    }

    @Test func refusesNegativeNumbers() throws {
        let spec = try MeterSpec(parsing: "scpi://h:1?rate=-3")
        #expect(throws: MeterError.self) { try ScpiSettings(spec: spec) }
    }

    @Test func unknownPresetNamesTheKnownOnes() throws {
        let spec = try MeterSpec(parsing: "scpi://h:1?preset=fluke")
        do {
            _ = try ScpiSettings(spec: spec)
            Issue.record("an unknown preset was accepted")
        } catch {
            #expect(error.code == .invalidSpec)
            #expect(error.message.contains("yokogawa-wt"))
        }
    }

    @Test func unknownOptionNamesTheAllowedOnes() {
        do {
            _ = try MeterSpec(parsing: "ptd://h:4950?rate=10")
            Issue.record("an scpi-only option was accepted for ptd")
        } catch {
            #expect(error.message.contains("interval_ms"))
        }
    }
}
