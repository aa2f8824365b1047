/// How badly one direction of the fault proxy treats datagrams.
public struct FaultRates: Sendable, Equatable {
    /// Probability that a datagram is dropped, `0...1`.
    public var loss: Double
    /// Probability that a datagram is delivered twice, `0...1`.
    public var duplicate: Double
    /// Probability that a datagram is held back by `reorderDelay` so later ones overtake it, `0...1`.
    public var reorder: Double
    /// Delay added to every datagram.
    public var delay: Duration
    /// Extra delay, uniform in `0...jitter`, added to every datagram.
    public var jitter: Duration
    /// How long a reordered datagram is held back.
    public var reorderDelay: Duration

    /// Creates rates; the defaults forward everything at once.
    public init(
        loss: Double = 0, duplicate: Double = 0, reorder: Double = 0,
        delay: Duration = .zero, jitter: Duration = .zero, reorderDelay: Duration = .milliseconds(3)
    ) {
        self.loss = min(max(loss, 0), 1)
        self.duplicate = min(max(duplicate, 0), 1)
        self.reorder = min(max(reorder, 0), 1)
        self.delay = delay
        self.jitter = jitter
        self.reorderDelay = reorderDelay
    }

    /// A perfect link.
    public static let none = FaultRates()
}
