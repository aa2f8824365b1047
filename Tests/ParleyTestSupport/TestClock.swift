#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The monotonic clock every bounded wait in the network tests is measured on.
///
/// Not named `Clock`: that is the standard library's protocol.
public enum TestClock {
    /// Monotonic seconds.
    public static func seconds() -> Double {
        Double(nanoseconds()) / 1e9
    }

    /// Monotonic nanoseconds (`CLOCK_MONOTONIC`), the clock the link state machines run on here.
    public static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Sleeps the calling thread.
    public static func sleep(_ seconds: Double) {
        usleep(UInt32(max(0, min(seconds, 60)) * 1_000_000))
    }

    /// Polls `condition` every 5 ms until it holds or `timeout` seconds pass; returns whether it
    /// held. For state that other threads change (nothing here is read from a socket).
    @discardableResult
    public static func wait(upTo timeout: Double, until condition: () -> Bool) -> Bool {
        let deadline = seconds() + timeout
        while seconds() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }
}
