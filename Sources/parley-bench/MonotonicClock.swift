import Glibc

/// CLOCK_MONOTONIC in nanoseconds: the one clock every send stamp and every receive time is read from,
/// so a receiver in the same process computes one-way latency by subtraction.
enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot).
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Converts seconds to nanoseconds, clamping negative values to zero.
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        seconds <= 0 ? 0 : UInt64(seconds * 1e9)
    }
}
