import Harness

/// What a ``SinkServer`` saw: every frame on its interface, DNS names asked, payloads received.
package struct SinkRecord: Sendable {
    package let frames: [CapturedFrame]
    package let dnsNames: [String]
    package let payloads: [SinkPayload]
    /// Frames seen but not kept (over the frame or byte bound).
    package let droppedFrames: Int
    /// Problems the sink met (socket errors, bounds hit).
    package let notes: [String]
    /// The captured interface's states during the capture (carrier lost and back: a device reboot).
    package let linkState: LinkStateLog
}
