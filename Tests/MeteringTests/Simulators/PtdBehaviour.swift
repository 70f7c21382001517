/// How a ``PtdSimulator`` behaves: each field reproduces one thing a real PTDaemon does.
struct PtdBehaviour: Sendable {
    /// The `Hello` reply.
    var greeting = "Hello, PTDaemon here!"
    /// The `Identify` reply (SPEC's 15 fields; accepted flag 1).
    var identify = "WT310E-YOKOGAWA,1000,1,1,1,1,0,0,1,version=1.11.1-a1b2c3d4-20230101,OS=Linux 6.1,mode=power,1,1,1"
    /// Every Nth sample is marked −1 (error), 0 for none.
    var errorEvery = 0
    /// Every Nth sample is marked −2 (missed), 0 for none.
    var missedEvery = 0
    /// The daemon host's clock minus the harness host's, in ms (stamps are UTC on that clock).
    var clockAheadMs = 0.0
    /// The uncertainty average the daemon states under fixed ranges (fraction of reading).
    var uncertainty = 0.0012
    /// The first connection closes right after `Go`, leaving the measurement running (a dropped client).
    var dropFirstConnectionAfterGo = false
    /// Added to the true count in the `Last N samples` header (a daemon whose framing we must not trust blindly).
    var headerCountError = 0
    /// Lines appended to every `RL,*` reply after the framed samples.
    var trailingLines: [String] = []
}
