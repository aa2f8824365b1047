/// Round-trip time estimate and retransmission timeout, as in RFC 6298 (all in nanoseconds).
struct RTTEstimator: Sendable, Equatable {
    /// Smoothed round-trip time; 0 until the first sample.
    private(set) var smoothed: UInt64 = 0
    /// Round-trip time variation.
    private(set) var variance: UInt64 = 0
    /// The timeout before backoff.
    private(set) var timeout: UInt64
    private let minimum: UInt64
    private let maximum: UInt64
    private var hasSample = false

    /// Clock granularity term of RFC 6298: 1 ms.
    private static let granularity: UInt64 = 1_000_000

    init(initial: UInt64, minimum: UInt64, maximum: UInt64) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
        timeout = Swift.min(Swift.max(initial, minimum), self.maximum)
    }

    /// Folds in one round-trip sample (only from datagrams sent once: Karn's algorithm).
    mutating func add(sample: UInt64) {
        if hasSample {
            let difference = smoothed > sample ? smoothed - sample : sample - smoothed
            variance = (3 * variance + difference) / 4
            smoothed = (7 * smoothed + sample) / 8
        } else {
            hasSample = true
            smoothed = sample
            variance = sample / 2
        }
        let raw = smoothed.adding(Swift.max(Self.granularity, variance.multipliedReportingOverflow(by: 4).partialValue))
        timeout = Swift.min(Swift.max(raw, minimum), maximum)
    }

    /// The timeout after `backoff` consecutive expiries (doubling each time), clamped to the maximum.
    func timeout(backoff: Int) -> UInt64 {
        var value = timeout
        for _ in 0..<backoff {
            value = value.adding(value)
            if value >= maximum { return maximum }
        }
        return Swift.min(value, maximum)
    }
}
