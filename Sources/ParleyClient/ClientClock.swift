import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The clocks the client shell reads and hands to the pure core as values.
public enum ClientClock {
    /// Wall-clock time in milliseconds since 1970-01-01 UTC (what CHAT times use).
    public static func wallMilliseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(max(0, spec.tv_sec)) * 1000 + UInt64(max(0, spec.tv_nsec)) / 1_000_000
    }

    /// Monotonic nanoseconds, on the same clock as `DispatchTime` (what the UDP link's timers use).
    public static func monotonicNanoseconds() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// The local time zone's offset from UTC, in seconds, at `milliseconds` since 1970 (DST included).
    public static func utcOffsetSeconds(atMilliseconds milliseconds: UInt64) -> Int {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
