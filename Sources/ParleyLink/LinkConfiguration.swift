import ParleyWire

/// The timers and bounds of a reliable UDP link: every timer and window the link uses is here,
/// and PROTOCOL.md §4.4 ("Link timers") lists the defaults. Both ends should use compatible
/// values: the same `receiveWindow`, and a `keepaliveInterval` well below the other end's
/// `linkTimeout` (a quiet but live peer must never look silent).
public struct LinkConfiguration: Sendable, Equatable {
    /// Silence after which the link is down (15 s): nothing valid was heard from the peer for
    /// this long. A client reports the link down and keeps trying (it never gives up by itself);
    /// the relay closes the session with one CLOSE (`LinkCloseReason.timeout`), whatever its
    /// chat-level idle timeout.
    public var linkTimeout: Duration
    /// Time without sending anything after which an ACK goes out as a keepalive (3 s). It keeps
    /// a quiet link alive, so it must stay well below the peer's `linkTimeout`.
    public var keepaliveInterval: Duration
    /// Retransmission timeout before any RTT sample, and the first handshake retry (500 ms).
    public var initialRTO: Duration
    /// The smallest retransmission timeout (200 ms).
    public var minRTO: Duration
    /// The largest retransmission timeout, backoff included (4 s); handshake retries back off
    /// to it too. While a link is down the sender keeps probing at this interval, so it bounds
    /// how fast a healed link recovers.
    public var maxRTO: Duration
    /// The most datagrams in flight at once, whatever the congestion window says (128).
    public var maxInFlight: Int
    /// The congestion window a new session starts with, in datagrams (16).
    public var initialWindow: Int
    /// The congestion window never shrinks below this, in datagrams (4).
    public var minimumWindow: Int
    /// Sequence numbers beyond the cumulative acknowledgement that a receiver buffers (256);
    /// a sender never runs further ahead than this.
    public var receiveWindow: Int
    /// The most bytes of frames waiting to be sent; a session whose queue would exceed it is
    /// closed with `LinkCloseReason.sendQueueOverflow` (4 MiB).
    public var maxQueuedBytes: Int
    /// How long a relay cookie stays valid (30 s); a client still waiting for ACCEPT after half
    /// of it asks for a new cookie.
    public var cookieLifetime: Duration

    /// Creates a configuration; every parameter has a sensible default for the Internet.
    public init(
        linkTimeout: Duration = .seconds(15),
        keepaliveInterval: Duration = .seconds(3),
        initialRTO: Duration = .milliseconds(500),
        minRTO: Duration = .milliseconds(200),
        maxRTO: Duration = .seconds(4),
        maxInFlight: Int = 128,
        initialWindow: Int = 16,
        minimumWindow: Int = 4,
        receiveWindow: Int = 256,
        maxQueuedBytes: Int = 4 << 20,
        cookieLifetime: Duration = .seconds(30)
    ) {
        self.linkTimeout = linkTimeout
        self.keepaliveInterval = keepaliveInterval
        self.initialRTO = initialRTO
        self.minRTO = minRTO
        self.maxRTO = maxRTO
        self.maxInFlight = max(1, maxInFlight)
        self.minimumWindow = max(1, min(minimumWindow, self.maxInFlight))
        self.initialWindow = max(self.minimumWindow, min(initialWindow, self.maxInFlight))
        self.receiveWindow = max(1, receiveWindow)
        self.maxQueuedBytes = max(Limits.maxFrameBytes, maxQueuedBytes)
        self.cookieLifetime = cookieLifetime
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `0...UInt64.max`.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000)).overflow
            ? .max : whole + UInt64(attoseconds / 1_000_000_000)
    }
}

extension UInt64 {
    /// Saturating addition for deadlines.
    func adding(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
