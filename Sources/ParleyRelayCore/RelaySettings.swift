import ParleyWire

/// Every policy the relay core applies, as plain values (times in milliseconds).
///
/// Each bound on something a peer can grow is named here; the shell builds this from its
/// configuration and the command line.
public struct RelaySettings: Equatable, Sendable {
    /// How many chat messages each room's history ring keeps, and the private ring too (0: none).
    public var historyCapacity: Int
    /// Messages older than this (milliseconds) are forgotten, in memory and in the store; 0: kept
    /// until `historyCapacity` pushes them out.
    public var historyMaxAge: UInt64
    /// Whether a store keeps what the relay accepts: a chat message is then delivered (and its
    /// sender's echo, the acknowledgement, sent) only once it is committed.
    public var durable: Bool
    /// The most accepted messages that may wait for their commit at once (durable relays):
    /// beyond it, new ones are refused as `storageUnavailable` until the store catches up, so a
    /// disk slower than the chat cannot make the relay hold more and more.
    public var maxAwaitingCommit: Int
    /// For measuring only (durable relays): deliver each message to everyone but its sender at
    /// once, and only the sender's echo after the commit. Faster under a flood, but others may
    /// see a message that a failing store then loses (and whose id is given again).
    public var deliversBeforeCommit: Bool
    /// How many messages a new client gets when it asks for the default (`Hello.defaultHistory`).
    public var defaultReplay: Int
    /// Sustained messages per second per peer; 0 turns rate limiting off.
    public var rate: Double
    /// How many messages a peer may send in a burst above the sustained rate.
    public var burst: Int
    /// How many refused requests (rate-limited or malformed) a peer may accumulate before it is
    /// disconnected for flooding; forgiven at `floodForgivenessPerSecond`.
    public var floodTolerance: Int
    /// How fast refused requests are forgiven, per second.
    public var floodForgivenessPerSecond: Double
    /// The most connections at once (joined or still handshaking); the next one is refused.
    public var maxPeers: Int
    /// The most connections at once from one address (an IPv4 address, or an IPv6 /64); the
    /// next one is refused as if the relay were full. 0: no limit.
    public var maxPeersPerAddress: Int
    /// How many refused connections may wait for their first byte (to learn how to say no) at once.
    public var maxRefusalsPending: Int
    /// The most bytes queued towards one peer before it is a slow consumer.
    public var outboundQueueLimit: Int
    /// A Parley peer silent this long is disconnected (reason timeout); it is pinged at half
    /// this. 0 turns the check off.
    public var idleTimeout: UInt64
    /// A line client silent this long is disconnected (it cannot answer PING). 0: never.
    public var lineIdleTimeout: UInt64
    /// A Parley client must send HELLO this soon after its preamble.
    public var handshakeTimeout: UInt64
    /// A TCP connection that has sent nothing this long is taken to be a line client (nc waits
    /// for its user; a Parley client sends its preamble at once).
    public var detectionDelay: UInt64
    /// How often the core reports statistics; 0 turns the report off.
    public var statsInterval: UInt64
    /// From this many members on, JOINED and LEFT notices go out in batches, once per tick or
    /// before the next message (a crowd joining would otherwise cost a write per member per join).
    public var presenceBatchThreshold: Int
    /// How many recent idempotency keys the relay remembers per nick. At least
    /// `Limits.maxSubmitsInFlight`: a client keeps no more SUBMITs than that unacknowledged, so
    /// every key it may re-send after a reconnect is one of the last that many accepted; with
    /// fewer, a re-sent message could be delivered twice.
    public var recentKeysPerNick: Int
    /// For how many nicks the relay remembers recent keys.
    public var trackedNicks: Int
    /// The longest line a line client may send, in bytes, newline excluded.
    public var maxLineBytes: Int
    /// The most rooms the relay holds at once; an empty room makes way for a new one.
    public var maxRooms: Int
    /// The local time zone's offset from UTC, for the `[HH:MM]` stamps shown to line clients.
    public var utcOffsetSeconds: Int
    /// Seeds guest nicks and PING tokens.
    public var seed: UInt64
    /// The key resume tokens are derived with (16 bytes; the shell draws it from the system's
    /// random source). Empty: derived from `seed`, for tests.
    public var secret: [UInt8]

    /// The relay's defaults.
    public init(
        historyCapacity: Int = 1000,
        historyMaxAge: UInt64 = 0,
        durable: Bool = false,
        maxAwaitingCommit: Int = 65_536,
        deliversBeforeCommit: Bool = false,
        defaultReplay: Int = 50,
        rate: Double = 5,
        burst: Int = 20,
        floodTolerance: Int = 30,
        floodForgivenessPerSecond: Double = 2,
        maxPeers: Int = 10_000,
        maxPeersPerAddress: Int = 64,
        maxRefusalsPending: Int = 64,
        outboundQueueLimit: Int = 1 << 20,
        idleTimeout: UInt64 = 60_000,
        lineIdleTimeout: UInt64 = 30 * 60_000,
        handshakeTimeout: UInt64 = 10_000,
        detectionDelay: UInt64 = 500,
        statsInterval: UInt64 = 10_000,
        presenceBatchThreshold: Int = 100,
        recentKeysPerNick: Int = Limits.maxSubmitsInFlight,
        trackedNicks: Int = 11_000,
        maxLineBytes: Int = Limits.maxTextBytes + 64,
        maxRooms: Int = 1000,
        utcOffsetSeconds: Int = 0,
        seed: UInt64 = 0x5EED,
        secret: [UInt8] = []
    ) {
        self.historyCapacity = max(0, historyCapacity)
        self.historyMaxAge = historyMaxAge
        self.durable = durable
        self.maxAwaitingCommit = max(1, maxAwaitingCommit)
        self.deliversBeforeCommit = deliversBeforeCommit
        self.defaultReplay = max(0, defaultReplay)
        self.rate = max(0, rate)
        self.burst = max(1, burst)
        self.floodTolerance = max(1, floodTolerance)
        self.floodForgivenessPerSecond = max(0, floodForgivenessPerSecond)
        self.maxPeers = max(1, maxPeers)
        self.maxPeersPerAddress = max(0, maxPeersPerAddress)
        self.maxRefusalsPending = max(0, maxRefusalsPending)
        self.outboundQueueLimit = max(Limits.maxFrameBytes, outboundQueueLimit)
        self.idleTimeout = idleTimeout
        self.lineIdleTimeout = lineIdleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.detectionDelay = detectionDelay
        self.statsInterval = statsInterval
        self.presenceBatchThreshold = max(1, presenceBatchThreshold)
        self.recentKeysPerNick = max(1, recentKeysPerNick)
        self.trackedNicks = max(1, trackedNicks)
        self.maxLineBytes = max(64, maxLineBytes)
        self.maxRooms = max(1, maxRooms)
        self.utcOffsetSeconds = utcOffsetSeconds
        self.seed = seed
        self.secret = secret
    }

    /// The most bytes of history replayed to one joining peer: half its outbound queue, so a
    /// replay can never by itself make a peer a slow consumer.
    public var replayByteBudget: Int { outboundQueueLimit / 2 }
}
