import Harness

/// What a ``SinkServer`` saw: every frame on its interface, DNS names asked, payloads received.
package struct SinkRecord: Sendable {
    public let frames: [CapturedFrame]
    public let dnsNames: [String]
    public let payloads: [SinkPayload]
    /// Frames seen but not kept (over the frame or byte bound).
    public let droppedFrames: Int
    /// Problems the sink met (socket errors, bounds hit).
    public let notes: [String]
}
