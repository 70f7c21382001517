#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The meter host's clocks, in nanoseconds.
enum HostClock {
    /// CLOCK_MONOTONIC now.
    static func monotonicNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Local wall-clock time now, read as if it were UTC (so it compares with a meter daemon's
    /// local-time log stamps parsed the same way), in nanoseconds since 1970.
    static func localWallAsUTCNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = time_t(ts.tv_sec)
        var broken = tm()
        localtime_r(&seconds, &broken)
        let localAsUTC = timegm(&broken)
        return Int64(localAsUTC) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Monotonic minus local-wall-as-UTC, read back to back: add it to a wall stamp to place it
    /// on the monotonic clock.
    static func wallToMonotonicNs() -> Int64 {
        let before = monotonicNs()
        let wall = localWallAsUTCNs()
        let after = monotonicNs()
        return (before / 2 + after / 2) - wall
    }
}
