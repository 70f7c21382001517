import Harness

/// One link-layer frame seen by a capture, with its kernel receive time.
package struct CapturedFrame: Sendable, Equatable {
    /// Seconds since the epoch (CLOCK_REALTIME) when the kernel received the frame.
    package let seconds: Int64
    /// Nanoseconds within the second.
    package let nanoseconds: Int64
    /// The frame's bytes as captured (possibly shorter than `originalLength`).
    package let bytes: [UInt8]
    /// The frame's length on the wire.
    package let originalLength: Int
    /// Whether the observer's own interface sent the frame (the kernel's PACKET_OUTGOING). A capture
    /// on the far end of the device's only link attributes every other frame to the device,
    /// whatever addresses it carries; a lab pcap has no direction and says false.
    package let sentByObserver: Bool

    /// Creates a frame.
    package init(
        seconds: Int64, nanoseconds: Int64, bytes: [UInt8], originalLength: Int? = nil, sentByObserver: Bool = false
    ) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.bytes = bytes
        self.originalLength = originalLength ?? bytes.count
        self.sentByObserver = sentByObserver
    }

    /// The receive time in nanoseconds since the epoch.
    package var timeNs: Int64 { seconds &* 1_000_000_000 &+ nanoseconds }
}
