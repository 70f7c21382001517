import Harness
import Metering

/// One on-device source's readings from the agent's sampling thread (`energy` op, `stop`).
package struct DeviceEnergySeries: Codable, Sendable, Equatable {
    /// The agent's name for the source (`intel-rapl:0`, `hwmon2:ina3221:power1`, `power_supply:BAT0`).
    package let name: String
    /// `energy_uj` (cumulative counter, µJ) or `power_uw` (instantaneous power, µW).
    package let kind: String
    /// Counter wrap value in µJ (`max_energy_range_uj`), when stated.
    package let max: Int64?
    /// Reading times, device CLOCK_MONOTONIC ns.
    package let tNs: [Int64]
    /// Readings, in the unit of `kind`.
    package let value: [Int64]

    /// The readings as meter samples (joules or watts), on the device clock.
    package var samples: [MeterSample] {
        zip(tNs, value).map { time, value in
            kind == "energy_uj"
                ? MeterSample(timeNs: time, joules: Double(value) / 1e6)
                : MeterSample(timeNs: time, watts: Double(value) / 1e6)
        }
    }

    /// What the report records about this source as a meter.
    package func identity(sampleHz: Int, accuracy: MeterAccuracy?) -> MeterIdentity {
        MeterIdentity(
            name: "device:\(name)", model: "aitc-agent sysfs \(kind)", kind: .onDevice, sampleRateHz: Double(sampleHz),
            resolution: 1e-6, accuracy: accuracy ?? MeterAccuracy(fractionOfReading: 0, floorWatts: 0),
            counterRangeJoules: max.map { Double($0) / 1e6 })
    }
}
