import ParleyLink

/// Which way a datagram travels through the fault proxy.
public enum FaultDirection: Sendable, Equatable, CaseIterable {
    /// From the client towards the target (the relay).
    case upstream
    /// From the target back to the client.
    case downstream
}

/// The fault proxy's decisions, pure and seeded: whether each datagram is dropped, duplicated,
/// reordered, and how long each copy is delayed. The shell (`FaultProxy`) carries them out.
public struct FaultPlan: Sendable {
    /// What happened to datagrams so far, per direction.
    public struct Counters: Sendable, Equatable {
        /// Datagrams seen.
        public var received = 0
        /// Datagrams dropped (loss or black hole).
        public var dropped = 0
        /// Extra copies made.
        public var duplicated = 0
        /// Datagrams held back to be overtaken.
        public var reordered = 0
    }

    /// Faults towards the target.
    public var upstream: FaultRates
    /// Faults towards the client.
    public var downstream: FaultRates
    /// Until when (monotonic nanoseconds) everything is dropped; `.max` for "until lifted".
    public private(set) var blackholeUntil: UInt64 = 0
    /// Counters for upstream traffic.
    public private(set) var upstreamCounters = Counters()
    /// Counters for downstream traffic.
    public private(set) var downstreamCounters = Counters()

    private var random: LinkRandom

    /// Creates a plan; equal seeds and equal calls give equal decisions.
    public init(upstream: FaultRates = .none, downstream: FaultRates = .none, seed: UInt64) {
        self.upstream = upstream
        self.downstream = downstream
        random = LinkRandom(seed: seed)
    }

    /// Drops everything from `now` for `duration`.
    public mutating func blackhole(for duration: Duration, now: UInt64) {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000))
        blackholeUntil = now &+ nanoseconds < now ? .max : now &+ nanoseconds
    }

    /// Starts (`true`, until lifted) or lifts (`false`) the black hole.
    public mutating func setBlackhole(_ on: Bool) {
        blackholeUntil = on ? .max : 0
    }

    /// Whether traffic is black-holed at `now`.
    public func isBlackholed(now: UInt64) -> Bool { now < blackholeUntil }

    /// Decides the fate of one datagram: the delay of each copy to deliver, in nanoseconds
    /// (empty: dropped; two entries: duplicated).
    public mutating func decide(_ direction: FaultDirection, now: UInt64) -> [UInt64] {
        let rates = direction == .upstream ? upstream : downstream
        var counters = direction == .upstream ? upstreamCounters : downstreamCounters
        defer {
            if direction == .upstream { upstreamCounters = counters } else { downstreamCounters = counters }
        }
        counters.received += 1
        // Draw every number each time so one rate's change does not shift the others' decisions.
        let lossDraw = unit()
        let duplicateDraw = unit()
        let reorderDraw = unit()
        let jitterDraw = unit()
        let copyJitterDraw = unit()
        guard !isBlackholed(now: now), lossDraw >= rates.loss else {
            counters.dropped += 1
            return []
        }
        let base = nanoseconds(rates.delay)
        let jitter = Double(nanoseconds(rates.jitter))
        var first = base + UInt64(jitter * jitterDraw)
        if reorderDraw < rates.reorder {
            counters.reordered += 1
            first += nanoseconds(rates.reorderDelay)
        }
        guard duplicateDraw < rates.duplicate else { return [first] }
        counters.duplicated += 1
        return [first, base + UInt64(jitter * copyJitterDraw)]
    }

    private mutating func unit() -> Double {
        Double(random.next() >> 11) / Double(1 << 53)
    }

    private func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000))
    }
}
