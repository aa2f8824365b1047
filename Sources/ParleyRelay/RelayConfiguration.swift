import Logging
import ParleyRelayCore
import ParleyStoreModel
import ParleyWire

/// Everything an operator (or an embedding client) can set on a relay.
///
/// Durations of zero turn the matching check off where noted. Build one, hand it to
/// `RelayServer(configuration:logger:)`.
public struct RelayConfiguration: Sendable, Equatable {
    /// The address to listen on; `nil` means every interface, IPv6 and IPv4 (dual-stack `::`,
    /// or `0.0.0.0` where IPv6 is unavailable).
    public var host: String?
    /// The TCP and UDP port (7700); 0 picks a free one, see `RelayServer.port`.
    public var port: Int
    /// How many chat messages the relay keeps for replay, per room (1000), and of private messages.
    public var history: Int
    /// Messages older than this many days are forgotten, in memory and in the store (0: kept
    /// until `history` pushes them out).
    public var historyDays: Int
    /// For measuring only: with a store, deliver each message to everyone but its sender before
    /// it is committed (the sender's echo still waits for the commit). See
    /// `RelaySettings.deliversBeforeCommit` for what that gives up.
    public var deliversBeforeCommit = false
    /// Sustained messages per second per peer (5); 0 turns rate limiting off.
    public var rate: Double
    /// Messages a peer may send in a burst (20).
    public var burst: Int
    /// The most peers at once (10 000); the next one is refused with "server full".
    public var maxPeers: Int
    /// The most peers at once from one address, an IPv4 address or an IPv6 /64 (64); 0: no limit.
    public var maxPeersPerAddress: Int
    /// The most rooms the relay holds at once (1000). An empty room other than `#lobby` keeps its
    /// history until a new room needs its place; when every room has members, a new one is refused.
    public var maxRooms: Int
    /// Bytes queued towards one peer before it is disconnected as a slow consumer (1 MiB).
    public var outboundQueueLimit: Int
    /// A Parley peer silent this long is disconnected (60 s); it is pinged at half. Zero: never.
    /// Chat-level silence only: a UDP link that goes silent is closed by `linkTimeout`.
    public var idleTimeout: Duration
    /// A UDP peer whose link carries nothing valid (not even a keepalive) this long is closed:
    /// it gets a CLOSE (timed out) and leaves with reason timeout (15 s, the protocol's link
    /// timeout, PROTOCOL.md §4.4). Independent of `idleTimeout`; clients send a keepalive every
    /// 3 s, so it must stay well above that. Must be positive.
    public var linkTimeout: Duration
    /// A line client (which cannot answer PING) silent this long is disconnected (30 min). Zero: never.
    public var lineIdleTimeout: Duration
    /// A Parley client must send HELLO this soon after connecting (10 s).
    public var handshakeTimeout: Duration
    /// How often a stats line is logged (10 s). Zero: never.
    public var statsInterval: Duration
    /// The least severe log level written (`info`).
    public var logLevel: Logger.Level
    /// Human-readable or JSON log lines.
    public var logFormat: RelayLogFormat
    /// Whether to serve the reliable UDP link on the same port (true).
    public var servesUDP: Bool
    /// How long `RelayServer.shutdown()` waits for peers to receive their goodbye (1.5 s).
    public var shutdownGrace: Duration

    /// The relay's defaults, each written once: the policy the core applies by default
    /// (`RelaySettings()`), and the shell's own choices (port, logging, UDP, shutdown grace). The
    /// initializer's defaults and the command line's options read them from here.
    public static let defaults: RelayConfiguration = {
        let core = RelaySettings()
        return RelayConfiguration(
            host: nil,
            port: 7700,
            history: core.historyCapacity,
            historyDays: 0,
            rate: core.rate,
            burst: core.burst,
            maxPeers: core.maxPeers,
            maxPeersPerAddress: core.maxPeersPerAddress,
            maxRooms: core.maxRooms,
            outboundQueueLimit: core.outboundQueueLimit,
            idleTimeout: .milliseconds(core.idleTimeout),
            linkTimeout: .seconds(15),
            lineIdleTimeout: .milliseconds(core.lineIdleTimeout),
            handshakeTimeout: .milliseconds(core.handshakeTimeout),
            statsInterval: .milliseconds(core.statsInterval),
            logLevel: .info,
            logFormat: .text,
            servesUDP: true,
            shutdownGrace: .milliseconds(1500)
        )
    }()

    /// A configuration with the relay's defaults (`RelayConfiguration.defaults`), changed where given.
    public init(
        host: String? = RelayConfiguration.defaults.host,
        port: Int = RelayConfiguration.defaults.port,
        history: Int = RelayConfiguration.defaults.history,
        historyDays: Int = RelayConfiguration.defaults.historyDays,
        rate: Double = RelayConfiguration.defaults.rate,
        burst: Int = RelayConfiguration.defaults.burst,
        maxPeers: Int = RelayConfiguration.defaults.maxPeers,
        maxPeersPerAddress: Int = RelayConfiguration.defaults.maxPeersPerAddress,
        maxRooms: Int = RelayConfiguration.defaults.maxRooms,
        outboundQueueLimit: Int = RelayConfiguration.defaults.outboundQueueLimit,
        idleTimeout: Duration = RelayConfiguration.defaults.idleTimeout,
        linkTimeout: Duration = RelayConfiguration.defaults.linkTimeout,
        lineIdleTimeout: Duration = RelayConfiguration.defaults.lineIdleTimeout,
        handshakeTimeout: Duration = RelayConfiguration.defaults.handshakeTimeout,
        statsInterval: Duration = RelayConfiguration.defaults.statsInterval,
        logLevel: Logger.Level = RelayConfiguration.defaults.logLevel,
        logFormat: RelayLogFormat = RelayConfiguration.defaults.logFormat,
        servesUDP: Bool = RelayConfiguration.defaults.servesUDP,
        shutdownGrace: Duration = RelayConfiguration.defaults.shutdownGrace
    ) {
        self.host = host
        self.port = port
        self.history = history
        self.historyDays = historyDays
        self.rate = rate
        self.burst = burst
        self.maxPeers = maxPeers
        self.maxPeersPerAddress = maxPeersPerAddress
        self.maxRooms = maxRooms
        self.outboundQueueLimit = outboundQueueLimit
        self.idleTimeout = idleTimeout
        self.linkTimeout = linkTimeout
        self.lineIdleTimeout = lineIdleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.statsInterval = statsInterval
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.servesUDP = servesUDP
        self.shutdownGrace = shutdownGrace
    }

    /// Checks the values an operator could get wrong.
    ///
    /// - Throws: `RelayError.invalidConfiguration` naming the first bad value.
    public func validate() throws(RelayError) {
        if !(0...65_535).contains(port) { throw .invalidConfiguration("port must be 0...65535, not \(port)") }
        if history < 0 { throw .invalidConfiguration("history-max must not be negative") }
        if !(0...36_500).contains(historyDays) { throw .invalidConfiguration("history-days must be 0 (no limit) to 36500") }
        if !(rate >= 0) || !rate.isFinite { throw .invalidConfiguration("rate must be 0 (off) or a positive number") }
        if burst < 1 { throw .invalidConfiguration("burst must be at least 1") }
        if maxPeers < 1 { throw .invalidConfiguration("max-peers must be at least 1") }
        if maxPeersPerAddress < 0 { throw .invalidConfiguration("max-per-address must be 0 (no limit) or more") }
        if maxRooms < 1 { throw .invalidConfiguration("max-rooms must be at least 1 (#lobby)") }
        if linkTimeout <= .zero { throw .invalidConfiguration("the link timeout must be positive") }
        if outboundQueueLimit < Limits.maxFrameBytes {
            throw .invalidConfiguration("the outbound queue limit must be at least \(Limits.maxFrameBytes) bytes (one frame)")
        }
    }

    /// The core's settings for this configuration.
    func settings(seed: UInt64, utcOffsetSeconds: Int, secret: [UInt8] = [], durable: Bool = false) -> RelaySettings {
        RelaySettings(
            historyCapacity: history,
            historyMaxAge: UInt64(max(0, historyDays)) * 86_400_000,
            durable: durable,
            deliversBeforeCommit: deliversBeforeCommit,
            rate: rate,
            burst: burst,
            maxPeers: maxPeers,
            maxPeersPerAddress: maxPeersPerAddress,
            outboundQueueLimit: outboundQueueLimit,
            idleTimeout: idleTimeout.milliseconds,
            lineIdleTimeout: lineIdleTimeout.milliseconds,
            handshakeTimeout: handshakeTimeout.milliseconds,
            statsInterval: statsInterval.milliseconds,
            trackedNicks: trackedNicks,
            maxRooms: maxRooms,
            utcOffsetSeconds: utcOffsetSeconds,
            seed: seed,
            secret: secret
        )
    }
}

extension RelayConfiguration {
    /// For how many nicks the relay remembers idempotency keys and resume tokens.
    var trackedNicks: Int { maxPeers + 1000 }

    /// How much a store for this relay keeps: `history` messages per room, and the keys and
    /// tokens of as many nicks as the core remembers.
    public var storeRetention: StoreRetention {
        StoreRetention(
            messagesPerRoom: history, submissions: trackedNicks * RelaySettings().recentKeysPerNick, tokens: trackedNicks)
    }
}

extension Duration {
    /// Whole milliseconds, clamped at zero.
    var milliseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1000 + UInt64(max(0, attoseconds) / 1_000_000_000_000_000)
    }
}
