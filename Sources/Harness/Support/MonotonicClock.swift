#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The harness's monotonic clock in nanoseconds (CLOCK_MONOTONIC, as the agent uses on its side).
package enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    package static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
