/// A small, fast, seedable random number generator (SplitMix64).
///
/// Every pure module draws its random numbers from one of these, seeded by its shell (from the
/// system's generator in production): the client core for backoff jitter and idempotency keys, the
/// relay core for guest nicks and PING tokens, the link for session ids and nonces. A test with a
/// fixed seed sees the same numbers every run. Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Equatable, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
