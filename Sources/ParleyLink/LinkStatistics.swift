/// Figures about one link session, for status bars and stats lines.
public struct LinkStatistics: Equatable, Sendable {
    /// Smoothed round-trip time in nanoseconds; 0 before the first sample.
    public var smoothedRTT: UInt64 = 0
    /// Round-trip time variation in nanoseconds.
    public var rttVariance: UInt64 = 0
    /// The current retransmission timeout in nanoseconds, backoff included.
    public var retransmissionTimeout: UInt64 = 0
    /// DATA datagrams sent again because they seemed lost.
    public var retransmissions: UInt64 = 0
    /// A moving estimate of the fraction of datagrams lost on the way out, `0...1`.
    public var lossEstimate: Double = 0
    /// Frames (or their remaining fragments) waiting for room in the window.
    public var queuedFrames: Int = 0
    /// Bytes of those frames not yet sent.
    public var queuedBytes: Int = 0
    /// DATA datagrams sent but not yet acknowledged.
    public var inFlight: Int = 0
    /// The congestion window, in datagrams.
    public var congestionWindow: Int = 0
    /// Datagrams sent, of any type.
    public var datagramsSent: UInt64 = 0
    /// Datagrams received and accepted for this session, of any type.
    public var datagramsReceived: UInt64 = 0
    /// DATA datagrams received more than once (dropped).
    public var duplicatesReceived: UInt64 = 0
    /// DATA datagrams dropped because they were beyond the receive window.
    public var beyondWindow: UInt64 = 0
    /// Undecodable or misdirected datagrams dropped.
    public var malformedDropped: UInt64 = 0
    /// Frames handed to the owner.
    public var framesDelivered: UInt64 = 0
    /// Frames accepted for sending.
    public var framesSent: UInt64 = 0
    /// Frames refused by `send` because they were empty or larger than `Limits.maxFrameBytes`.
    public var framesRejected: UInt64 = 0
    /// Whether the link is currently reported down.
    public var isDown: Bool = false

    /// All-zero figures.
    public init() {}
}
