import Conformance
import TestSupport
import Testing

@testable import Harness

/// Scrubbing the report's paths keeps what the scorer and the reader need: a guard-band clause
/// decides with the measurement's uncertainty, and `meters[]` is built from the instruments' meters
/// (both were dropped here once, so every energy clause of a signed report was inconclusive and
/// `meters[]` empty whatever the meter said).
@Suite struct ReportPathsTests {
    let paths = ReportPaths(folders: ["/lab/run"])

    @Test func aMeasurementKeepsItsUncertainty() {
        let measured = Conformance.Measurement(
            metric: "energy.per_inference_uj", workloadID: "kws", value: 2800, unit: "uJ",
            evidence: "log /lab/run/x.csv",
            uncertainty: 18, uncertaintyMissing: nil)
        let scrubbed = paths.apply(to: measured)
        #expect(scrubbed.uncertainty == 18 && scrubbed.evidence == "log x.csv")
        let incomplete = Conformance.Measurement(
            metric: "energy.per_inference_uj", value: 2800, unit: "uJ", uncertainty: 18,
            uncertaintyMissing: "see /lab/run/why.txt")
        #expect(paths.apply(to: incomplete).uncertaintyMissing == "see why.txt")
    }

    @Test func instrumentsKeepTheirMeters() throws {
        let suite = try SuiteLoader(suitesDirectory: ProjectRoot.layout.suitesDirectory).load("wearable")
        let mode = try RunRules.load(path: ProjectRoot.layout.runRulesPath).mode("quick")
        var record = RunRecord(suite: suite, mode: mode, device: .local, emulated: false)
        record.instruments = [
            InstrumentReport(
                name: "energy", kind: "energy-meter", identity: [:], uncertainty: "±1 %",
                meters: [
                    MeterSection(
                        name: "ptd://lab:8888", kind: "external", uncertainty: "PTDaemon Uncertainty",
                        model: "WT310E in /lab/run/id.txt")
                ])
        ]
        let meters = paths.apply(to: record).instruments.first?.meters
        #expect(
            meters == [
                MeterSection(
                    name: "ptd://lab:8888", kind: "external", uncertainty: "PTDaemon Uncertainty",
                    model: "WT310E in id.txt")
            ])
    }
}
