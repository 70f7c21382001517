/// What a polling thread has recorded so far, and the hand-shake with whoever stops it.
struct WindowRecord: Sendable {
    var samples: [MeterSample] = []
    var dropouts: [MeterDropout] = []
    var reconnects = 0
    var stopRequested = false
    var finished = false
    var finishWaiter: CheckedContinuation<Void, Never>?
}
