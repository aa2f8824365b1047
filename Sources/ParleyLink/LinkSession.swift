import ParleyWire

/// One reliable session over UDP, the same on both ends: sequence numbers, cumulative and
/// selective acknowledgements, retransmission on an RTT-driven timeout with backoff, a
/// congestion window, fragmentation and reassembly, keepalives and dead-peer detection.
///
/// What a session does after `LinkConfiguration.linkTimeout` of silence depends on its end
/// (`SilencePolicy`): a client's session reports the link down and keeps trying; a relay's closes.
///
/// Pure: time comes in as monotonic nanoseconds, and every effect comes out as a
/// `LinkSessionEvent`. `LinkServer` and `LinkClient` own sessions; shells use those.
public struct LinkSession: Sendable {
    /// One DATA datagram sent and not yet acknowledged.
    struct Outstanding: Sendable {
        var payload: [UInt8]
        var fragmentIndex: UInt16
        var fragmentCount: UInt16
        var lastSent: UInt64
        var transmissions: Int
        /// Declared lost: waiting to be sent again, not counted in flight.
        var isLost = false
        /// Acknowledgements of later-sent datagrams seen since this one was last sent.
        var laterAcknowledged = 0
    }

    /// What a session does once nothing valid was heard from its peer for `linkTimeout`.
    public enum SilencePolicy: Sendable, Equatable {
        /// Report `.down` and keep trying: retransmissions and keepalives go on, and `.up` follows
        /// when the peer is heard again. A client's session (clients never give up by themselves).
        case reportDown
        /// Send one CLOSE with `LinkCloseReason.timeout` and end with `.closed(.timeout)`.
        /// A relay's session (PROTOCOL.md §4.4: the relay closes a link that is down).
        case close
    }

    /// Later-sent datagrams acknowledged before a datagram is declared lost without waiting for its timeout.
    static let reorderingThreshold = 3
    /// Backoff doublings are counted up to this many.
    static let maxBackoff = 16

    /// The 64-bit session id both ends put in every datagram.
    public let id: UInt64
    /// The timers and bounds in use.
    public let configuration: LinkConfiguration
    /// What happens after `configuration.linkTimeout` of silence.
    public let silencePolicy: SilencePolicy

    /// When anything valid was last heard from the peer.
    public internal(set) var lastHeard: UInt64
    /// Whether the link is currently reported down.
    public internal(set) var isDown = false
    /// Whether the session is over.
    public internal(set) var isClosed = false

    var lastSent: UInt64
    var ackPending = false

    // Sending.
    var nextSequence: UInt32 = 1
    /// The lowest sequence number not cumulatively acknowledged; `window[i]` is `sendBase + i`.
    var sendBase: UInt32 = 1
    var window: [Outstanding?] = []
    var queue = SendQueue()
    var congestionWindow: Int
    var slowStartThreshold: Int
    var growthCredit = 0
    /// No further window cut until the cumulative acknowledgement passes this (one cut per loss episode).
    var recoveryEnd: UInt32 = 0
    var rtt: RTTEstimator
    var backoff = 0

    // Receiving.
    var receiver: ReceiveWindow

    var counters = LinkStatistics()

    /// Creates a session that was just established at `now`.
    ///
    /// - Parameter silencePolicy: `.reportDown` (the default) for a client, `.close` for the relay.
    public init(id: UInt64, configuration: LinkConfiguration, now: UInt64, silencePolicy: SilencePolicy = .reportDown) {
        self.id = id
        self.configuration = configuration
        self.silencePolicy = silencePolicy
        lastHeard = now
        lastSent = now
        congestionWindow = configuration.initialWindow
        slowStartThreshold = configuration.maxInFlight
        rtt = RTTEstimator(
            initial: configuration.initialRTO.nanoseconds,
            minimum: configuration.minRTO.nanoseconds,
            maximum: configuration.maxRTO.nanoseconds
        )
        receiver = ReceiveWindow(capacity: configuration.receiveWindow)
    }

    /// The highest sequence number received from the peer; a datagram above it is "new"
    /// (the relay migrates a session's address only on such a datagram).
    public var highestSequenceReceived: UInt32 { receiver.highest }

    /// Bytes of frames waiting in the send queue.
    public var queuedBytes: Int { queue.bytes }

    /// DATA datagrams in flight (sent, not acknowledged, not declared lost).
    var inFlight: Int { window.reduce(0) { $0 + (($1.map { $0.isLost ? 0 : 1 }) ?? 0) } }

    /// The current figures.
    public var statistics: LinkStatistics {
        var s = counters
        s.smoothedRTT = rtt.smoothed
        s.rttVariance = rtt.variance
        s.retransmissionTimeout = rtt.timeout(backoff: backoff)
        s.queuedFrames = queue.frameCount
        s.queuedBytes = queue.bytes
        s.inFlight = inFlight
        s.congestionWindow = congestionWindow
        s.isDown = isDown
        return s
    }

    /// When `tick` should next be called; `nil` once closed.
    public var nextDeadline: UInt64? {
        guard !isClosed else { return nil }
        var deadline = lastSent.adding(configuration.keepaliveInterval.nanoseconds)
        if !isDown { deadline = min(deadline, lastHeard.adding(configuration.linkTimeout.nanoseconds)) }
        let timeout = rtt.timeout(backoff: backoff)
        for case let item? in window where !item.isLost {
            deadline = min(deadline, item.lastSent.adding(timeout))
        }
        return deadline
    }

    /// Fires due timers: retransmission timeouts, keepalive, dead-peer detection.
    ///
    /// After `linkTimeout` of silence a `.reportDown` session reports `.down` once and goes on;
    /// a `.close` session returns exactly one CLOSE (timed out) and `.closed(.timeout)`, and
    /// nothing else (no retransmission or keepalive to a peer that is gone).
    public mutating func tick(now: UInt64) -> [LinkSessionEvent] {
        guard !isClosed else { return [] }
        var events: [LinkSessionEvent] = []
        if !isDown, now >= lastHeard.adding(configuration.linkTimeout.nanoseconds) {
            switch silencePolicy {
            case .reportDown:
                isDown = true
                events.append(.down)
            case .close:
                return close(reason: .timeout, now: now) + [.closed(.timeout)]
            }
        }
        let timeout = rtt.timeout(backoff: backoff)
        var expired = false
        for i in window.indices {
            guard var item = window[i], !item.isLost, now >= item.lastSent.adding(timeout) else { continue }
            item.isLost = true
            window[i] = item
            expired = true
        }
        if expired {
            backoff = min(backoff + 1, Self.maxBackoff)
            slowStartThreshold = max(congestionWindow / 2, configuration.minimumWindow)
            congestionWindow = configuration.minimumWindow
            growthCredit = 0
            recoveryEnd = nextSequence &- 1
        }
        flush(now: now, into: &events)
        if ackPending || now >= lastSent.adding(configuration.keepaliveInterval.nanoseconds) {
            sendAcknowledgement(now: now, into: &events)
        }
        return events
    }

    /// Ends the session: sends one CLOSE with `reason`. The peer that misses it times out.
    public mutating func close(reason: LinkCloseReason = .normal, now: UInt64) -> [LinkSessionEvent] {
        guard !isClosed else { return [] }
        isClosed = true
        return [.send(encode(.close(session: id, reason: reason.rawValue), now: now))]
    }

    /// Encodes a datagram and notes that something was sent.
    mutating func encode(_ datagram: Datagram, now: UInt64) -> [UInt8] {
        lastSent = now
        counters.datagramsSent += 1
        return datagram.encoded()
    }

    mutating func sendAcknowledgement(now: UInt64, into events: inout [LinkSessionEvent]) {
        ackPending = false
        events.append(.send(encode(.ack(session: id, ack: receiver.acknowledgement), now: now)))
    }
}
