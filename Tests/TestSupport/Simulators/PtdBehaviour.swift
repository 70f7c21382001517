/// How a ``PtdSimulator`` behaves: each field reproduces one thing a real PTDaemon does.
package struct PtdBehaviour: Sendable {
    /// The `Hello` reply.
    package var greeting = "Hello, PTDaemon here!"
    /// The `Identify` reply; nil gives SPEC's 15 fields for an accepted WT310E with ``channels`` channels.
    package var identify: String?
    /// Measurement channels. Above 1 the daemon answers `RL,*,*` with the sum and then every
    /// channel (MLPerf power's server reads it so); with 1 it answers `Invalid number of parameters`.
    package var channels = 1
    /// Every Nth sample is marked −1 (error), 0 for none.
    package var errorEvery = 0
    /// Every Nth sample is marked −2 (missed), 0 for none.
    package var missedEvery = 0
    /// Every Nth sample the last channel is marked −1 and the sum holds the other channels only.
    package var channelErrorEvery = 0
    /// The daemon host's clock minus the harness host's, in ms (stamps are UTC on that clock).
    package var clockAheadMs = 0.0
    /// How fast that offset grows, in ms per second of the trace (a drifting daemon host clock).
    package var clockDriftMsPerSecond = 0.0
    /// The uncertainty average the daemon states under fixed ranges (fraction of reading).
    package var uncertainty = 0.0012
    /// The first window's connection closes right after its labelled `Go`, leaving the measurement
    /// running (a dropped client).
    package var dropFirstConnectionAfterGo = false
    /// Added to the true count in the `Last N samples` header (a daemon whose framing we must not trust blindly).
    package var headerCountError = 0
    /// What `RL,1` answers: the two readings of "the last sample" no public source rules out.
    package enum LatestSample: Sendable {
        /// The daemon waits up to one interval for a sample not yet read, then sends it.
        case waitsForTheNext
        /// The daemon sends the latest closed sample at once, read or not.
        case latestAtOnce
    }
    package var rlOne = LatestSample.waitsForTheNext
    /// Lines appended to every read of the unread samples after the framed ones.
    package var trailingLines: [String] = []

    /// The defaults: an accepted single-channel analyzer, clean samples, clocks in step.
    package init() {}

    /// A behaviour with the fields the tests vary most.
    package init(errorEvery: Int = 0, clockAheadMs: Double = 0, clockDriftMsPerSecond: Double = 0, channels: Int = 1) {
        self.errorEvery = errorEvery
        self.clockAheadMs = clockAheadMs
        self.clockDriftMsPerSecond = clockDriftMsPerSecond
        self.channels = channels
    }

    /// The reply to `Identify`.
    var identifyReply: String {
        identify
            ?? "WT310E-YOKOGAWA,1000,1,1,1,1,0,0,1,version=1.11.1-a1b2c3d4-20230101,OS=Linux 6.1,mode=power,1,1,\(channels)"
    }
}
