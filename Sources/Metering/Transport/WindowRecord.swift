/// What a polling thread has recorded so far, and the hand-shake with whoever stops it.
struct WindowRecord: Sendable {
    var samples: [MeterSample] = []
    var dropouts: [MeterDropout] = []
    var reconnects = 0
    var stopRequested = false
    var finished = false
    /// The window's start time once the thread has connected, or why it could not.
    var started: Result<Int64, MeterError>?
    /// The ranges read at the start of the window (as replied) and their product in watts.
    var ranges: String?
    var rangeWatts: Double?
}
