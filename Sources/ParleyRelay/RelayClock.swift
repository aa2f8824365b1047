#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// The relay's time: milliseconds since 1970 for stamping messages, taken from the wall clock
/// once at start and advanced by the monotonic clock, so it never goes backwards.
struct RelayClock: Sendable {
    private let wallAtStart: UInt64
    private let uptimeAtStart: UInt64

    init() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        wallAtStart = UInt64(max(0, now.tv_sec)) * 1000 + UInt64(max(0, now.tv_nsec)) / 1_000_000
        uptimeAtStart = NIODeadline.now().uptimeNanoseconds
    }

    /// Milliseconds since 1970-01-01 UTC, monotonic.
    var now: UInt64 {
        wallAtStart + (NIODeadline.now().uptimeNanoseconds &- uptimeAtStart) / 1_000_000
    }

    /// Monotonic nanoseconds, the unit of the UDP link's timers.
    var uptimeNanoseconds: UInt64 { NIODeadline.now().uptimeNanoseconds }

    /// The local time zone's current offset from UTC, in seconds.
    static func localUTCOffset() -> Int {
        var seconds = time(nil)
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }
}
