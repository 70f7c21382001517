import Harness
import Metering

/// What the agent's sampling thread recorded between `start` and `stop` (`energy` op).
package struct DeviceEnergyCapture: Codable, Sendable, Equatable {
    /// Readings per second asked for.
    package let sampleHz: Int
    /// When sampling started and stopped, device CLOCK_MONOTONIC ns.
    package let startNs: Int64
    package let stopNs: Int64
    /// Readings the agent dropped for lack of memory (its bound), never replaced.
    package let dropped: Int
    /// Sampling ticks in which no source could be read.
    package let emptyTicks: Int
    /// Every source's readings.
    package let sources: [DeviceEnergySeries]

    /// The capture of source `name` as a meter log on the device clock, nil when absent.
    package func log(source name: String, label: String, accuracy: MeterAccuracy?) -> MeterLog? {
        guard let series = sources.first(where: { $0.name == name }) else { return nil }
        var dropouts: [MeterDropout] = []
        if dropped > 0 {
            dropouts.append(
                MeterDropout(timeNs: stopNs, reason: "the agent dropped \(dropped) readings (memory bound)"))
        }
        if emptyTicks > 0 {
            dropouts.append(MeterDropout(timeNs: stopNs, reason: "\(emptyTicks) sampling ticks read no source"))
        }
        return MeterLog(
            identity: series.identity(sampleHz: sampleHz, accuracy: accuracy), label: label, startNs: startNs,
            stopNs: stopNs, samples: series.samples, dropouts: dropouts, reconnects: 0)
    }
}
