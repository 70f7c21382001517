import Foundation
import Logging
import TestSupport

@testable import Metering

/// Runs a meter window of about `seconds` and evaluates the inner part of it against the trace.
struct MeterRun {
    let log: MeterLog
    let beginHostNs: Int64
    let endHostNs: Int64

    static func record(_ meter: any PowerMeter, label: String = "run_1", seconds: Double) throws -> MeterRun {
        try meter.start(label: label)
        Thread.sleep(forTimeInterval: seconds)
        let log = try meter.stop()
        // The measured run sits inside the window, 100 ms from either edge.
        return MeterRun(log: log, beginHostNs: log.startNs + 100_000_000, endHostNs: log.stopNs - 100_000_000)
    }

    /// The window as the device saw it, with the device clock `offsetNs` ahead of the meter host.
    func window(offsetNs: Int64, uncertaintyNs: Double = 1_000_000) -> EnergyWindow {
        EnergyWindow(
            beginDeviceNs: beginHostNs + offsetNs, endDeviceNs: endHostNs + offsetNs,
            offset: ClockOffset(deviceMinusHostNs: Double(offsetNs), uncertaintyNs: uncertaintyNs))
    }

    /// Relative error of the measured energy against the trace's exact energy.
    func relativeError(_ measurement: EnergyMeasurement, trace: PowerTrace, seconds: (Int64) -> Double) -> Double {
        let exact = trace.joules(from: seconds(beginHostNs), to: seconds(endHostNs))
        return (measurement.energyJoules - exact) / exact
    }

    static let logger = Logger(label: "aitc.metering.tests")
}
