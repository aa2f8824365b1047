/// How long to wait before each reconnection attempt: exponential, capped, with jitter.
///
/// Attempt 1 waits about `initialDelay`, each later attempt about twice the one before, never more
/// than `maximumDelay`. "Equal jitter": half of each delay is fixed and half is random, so many
/// clients cut off at once do not all come back in the same millisecond, yet none retries at once.
public struct Backoff: Equatable, Sendable {
    /// The nominal delay before the first attempt, in milliseconds.
    public var initialDelay: UInt64
    /// The largest nominal delay, in milliseconds.
    public var maximumDelay: UInt64

    /// Creates a policy; the defaults retry after ~0.5 s, 1 s, 2 s, ... up to 30 s.
    public init(initialDelay: UInt64 = 500, maximumDelay: UInt64 = 30_000) {
        self.initialDelay = max(1, initialDelay)
        self.maximumDelay = max(self.initialDelay, maximumDelay)
    }

    /// The nominal (jitter-free) delay before attempt `attempt` (1-based), in milliseconds.
    public func nominalDelay(attempt: Int) -> UInt64 {
        let doublings = max(0, min(attempt - 1, 40))
        let (scaled, overflow) = initialDelay.multipliedReportingOverflow(by: UInt64(1) << UInt64(doublings))
        return overflow ? maximumDelay : min(scaled, maximumDelay)
    }

    /// The delay before attempt `attempt`, in milliseconds: between half the nominal delay and all of it.
    ///
    /// - Parameter random: any 64 random bits; the same bits give the same delay.
    public func delay(attempt: Int, random: UInt64) -> UInt64 {
        let nominal = nominalDelay(attempt: attempt)
        let fixed = nominal / 2
        return fixed + random % (nominal - fixed + 1)
    }
}
