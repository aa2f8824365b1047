import ParleyWire

/// Everything the client state machine is told up front: who we are, where we connect, and
/// every limit and timeout. Times are milliseconds.
public struct ClientConfiguration: Equatable, Sendable {
    /// The nick to ask for; empty lets the relay pick a guest nick.
    public var nick: String
    /// The relay as shown to the user, e.g. `localhost:7700` or `[::1]:7700`.
    public var relayName: String
    /// The transport the shell uses (TCP framed or the reliable UDP link).
    public var transport: Transport
    /// How many recent messages to replay on a fresh (not resumed) connection.
    public var history: UInt16
    /// How many lines the scrollback keeps.
    public var scrollbackCapacity: Int
    /// How many sent messages may wait for the relay's echo at once.
    public var outboxCapacity: Int
    /// The reconnection schedule.
    public var backoff: Backoff
    /// How long to wait for WELCOME after asking the shell to connect.
    public var connectTimeout: UInt64
    /// How long `/quit` or the end of input waits for pending messages before failing them.
    public var drainTimeout: UInt64
    /// Silence from the relay after which the client sends PING.
    public var keepaliveInterval: UInt64
    /// How long after an unanswered PING the connection is given up as dead.
    public var keepaliveTimeout: UInt64
    /// Whether mentions and private messages ring the bell, until `/bell` changes it.
    public var bellEnabled: Bool
    /// Seeds backoff jitter and idempotency keys; the shell passes a random value, tests a fixed one.
    public var seed: UInt64

    /// Creates a configuration; every limit has a sensible default.
    public init(
        nick: String,
        relayName: String = "localhost:7700",
        transport: Transport = .tcp,
        history: UInt16 = Hello.defaultHistory,
        scrollbackCapacity: Int = Scrollback.defaultCapacity,
        outboxCapacity: Int = Outbox.defaultCapacity,
        backoff: Backoff = Backoff(),
        connectTimeout: UInt64 = 10_000,
        drainTimeout: UInt64 = 10_000,
        keepaliveInterval: UInt64 = 30_000,
        keepaliveTimeout: UInt64 = 15_000,
        bellEnabled: Bool = true,
        seed: UInt64
    ) {
        self.nick = nick
        self.relayName = relayName
        self.transport = transport
        self.history = history
        self.scrollbackCapacity = scrollbackCapacity
        self.outboxCapacity = outboxCapacity
        self.backoff = backoff
        self.connectTimeout = connectTimeout
        self.drainTimeout = drainTimeout
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveTimeout = keepaliveTimeout
        self.bellEnabled = bellEnabled
        self.seed = seed
    }
}
