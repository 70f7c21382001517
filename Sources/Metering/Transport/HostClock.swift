#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The meter host's clocks, in nanoseconds.
package enum HostClock {
    /// CLOCK_MONOTONIC now.
    package static func monotonicNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// UTC wall-clock time now, in nanoseconds since 1970.
    package static func wallUTCNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Monotonic minus UTC wall clock, read back to back: add it to a UTC stamp to place it on the
    /// monotonic clock.
    package static func wallToMonotonicNs() -> Int64 {
        let before = monotonicNs()
        let wall = wallUTCNs()
        let after = monotonicNs()
        return (before / 2 + after / 2) - wall
    }
}
