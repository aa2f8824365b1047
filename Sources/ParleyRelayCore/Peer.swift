import ParleyWire

/// What the core knows about one connection: its transport plumbing, its pipeline and limits,
/// and which rooms it is in. What belongs to the person (resume token, private history, the
/// submission ledger) is kept by nick in `RelayCore`, not here.
struct Peer: Sendable {
    /// Where a connection is in its life.
    enum Phase: Equatable, Sendable {
        /// A TCP stream whose kind is not known yet (or a Parley client whose preamble is incomplete).
        case detecting
        /// A Parley client that has not sent HELLO yet.
        case handshaking
        /// Welcomed, with a nick.
        case joined
        /// Turned away (the relay is full); waiting for its first byte to learn how to say so.
        case refused
    }

    let id: PeerID
    /// `nil` while a TCP stream's kind is unknown.
    var transport: Transport?
    var phase: Phase
    /// Empty until the peer is welcomed.
    var nick = ""
    /// The features WELCOME granted (none before it, and none to a line client).
    var capabilities: Capabilities = []
    let openedAt: UInt64
    /// The address this connection counts against (`nil`: not counted).
    var countedAddress: String?
    /// What a connection being turned away (`.refused`) is told once its kind is known.
    var refusal: ErrorReport?
    var lastHeard: UInt64
    /// When the relay sent a PING that has not been answered by any traffic yet.
    var pingSentAt: UInt64?
    /// Bytes to messages or lines: the one input pipeline.
    var inbound: InboundStream<ClientMessage>
    /// Whether any link frame has arrived yet (a UDP peer's first frame is checked for v1's HELLO).
    var heardFrame = false
    /// Admits chat messages, nick changes and room requests; `nil` when rate limiting is off.
    var bucket: TokenBucket?
    /// Absorbs refused requests; when empty the peer is flooding.
    var patience: TokenBucket
    /// The folded names of the rooms it is in, in the order it entered them.
    var rooms: [String] = []
    /// A line client's current room (folded), where its plain lines go; `nil` when in none.
    var currentRoom: String?
    /// A line client's open private conversation (`/query`), where its plain lines go instead.
    var query: String?

    init(id: PeerID, transport: Transport?, phase: Phase, now: UInt64, settings: RelaySettings) {
        self.id = id
        self.transport = transport
        self.phase = phase
        self.openedAt = now
        self.lastHeard = now
        self.inbound = InboundStream(transport == .udp ? .frames : .classify(maxLineBytes: settings.maxLineBytes))
        if settings.rate > 0 {
            bucket = TokenBucket(capacity: Double(settings.burst), ratePerSecond: settings.rate, now: now)
        }
        patience = TokenBucket(capacity: Double(settings.floodTolerance), ratePerSecond: settings.floodForgivenessPerSecond, now: now)
    }

    /// Whether this peer speaks framed messages (TCP or UDP) rather than text lines.
    var isFramed: Bool { transport == .tcp || transport == .udp }

    /// Whether it is in the room with this folded name.
    func isIn(_ folded: String) -> Bool { rooms.contains(folded) }
}
