import ParleyWire

/// What the core knows about one connection.
struct Peer: Sendable {
    /// Where a connection is in its life.
    enum Phase: Equatable, Sendable {
        /// A TCP stream that has sent nothing yet: Parley or line client?
        case detecting
        /// A Parley client that has not sent HELLO yet.
        case handshaking
        /// In the room, with a nick.
        case joined
        /// Turned away (the relay is full); waiting for its first byte to learn how to say so.
        case refused
    }

    let id: PeerID
    /// `nil` while a TCP stream's kind is unknown.
    var transport: Transport?
    var phase: Phase
    /// Empty until the peer joins.
    var nick = ""
    let openedAt: UInt64
    /// The address this connection counts against (`nil`: not counted).
    var countedAddress: String?
    /// What a connection being turned away (`.refused`) is told once its kind is known.
    var refusal: ErrorReport?
    var lastHeard: UInt64
    /// When the relay sent a PING that has not been answered by any traffic yet.
    var pingSentAt: UInt64?
    /// Framed TCP peers only.
    var decoder: FrameDecoder?
    /// Line clients only.
    var lines: LineSplitter?
    /// Admits chat messages, nick changes and roster requests; `nil` when rate limiting is off.
    var bucket: TokenBucket?
    /// Absorbs refused requests; when empty the peer is flooding.
    var patience: TokenBucket

    init(id: PeerID, transport: Transport?, phase: Phase, now: UInt64, settings: RelaySettings) {
        self.id = id
        self.transport = transport
        self.phase = phase
        self.openedAt = now
        self.lastHeard = now
        if settings.rate > 0 {
            bucket = TokenBucket(capacity: Double(settings.burst), ratePerSecond: settings.rate, now: now)
        }
        patience = TokenBucket(capacity: Double(settings.floodTolerance), ratePerSecond: settings.floodForgivenessPerSecond, now: now)
    }

    /// Whether this peer speaks framed messages (TCP or UDP) rather than text lines.
    var isFramed: Bool { transport == .tcp || transport == .udp }
}
