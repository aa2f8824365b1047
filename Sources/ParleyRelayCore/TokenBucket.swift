/// A token bucket: `capacity` tokens, refilled at `ratePerSecond`, one token per admitted event.
///
/// Time is passed in (milliseconds); the bucket refills lazily when it is asked.
struct TokenBucket: Equatable, Sendable {
    /// The most tokens the bucket holds (the burst).
    let capacity: Double
    /// Tokens added per second (the sustained rate).
    let ratePerSecond: Double
    /// Tokens available after the last refill.
    private(set) var tokens: Double
    private var refilledAt: UInt64

    /// A full bucket.
    init(capacity: Double, ratePerSecond: Double, now: UInt64) {
        self.capacity = max(capacity, 1)
        self.ratePerSecond = max(ratePerSecond, 0)
        self.tokens = self.capacity
        self.refilledAt = now
    }

    /// Takes one token if there is one; `false` means the event is over the limit.
    mutating func take(now: UInt64) -> Bool {
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    private mutating func refill(now: UInt64) {
        guard now > refilledAt else { return }
        tokens = min(capacity, tokens + Double(now - refilledAt) * ratePerSecond / 1000)
        refilledAt = now
    }
}
