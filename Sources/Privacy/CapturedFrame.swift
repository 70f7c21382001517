import Harness

/// One link-layer frame seen by a capture, with its kernel receive time.
public struct CapturedFrame: Sendable, Equatable {
    /// Seconds since the epoch (CLOCK_REALTIME) when the kernel received the frame.
    public let seconds: Int64
    /// Nanoseconds within the second.
    public let nanoseconds: Int64
    /// The frame's bytes as captured (possibly shorter than `originalLength`).
    public let bytes: [UInt8]
    /// The frame's length on the wire.
    public let originalLength: Int

    /// Creates a frame.
    public init(seconds: Int64, nanoseconds: Int64, bytes: [UInt8], originalLength: Int? = nil) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.bytes = bytes
        self.originalLength = originalLength ?? bytes.count
    }

    /// The receive time in nanoseconds since the epoch.
    public var timeNs: Int64 { seconds &* 1_000_000_000 &+ nanoseconds }
}
