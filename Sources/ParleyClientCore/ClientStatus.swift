import ParleyWire

/// What a status bar shows: who and where we are, and how the link is doing.
public struct ClientStatus: Equatable, Sendable {
    /// Our nick (as the relay assigned it, or as requested before the first WELCOME).
    public var nick: String
    /// The relay as the user named it, e.g. `localhost:7700`.
    public var relayName: String
    /// TCP or UDP.
    public var transport: Transport
    /// The link's state, with the reason and next attempt time while reconnecting.
    public var link: LinkStatus
    /// How many people are here, ourselves included (0 while disconnected).
    public var onlineCount: Int
    /// How many of our messages wait for the relay's echo.
    public var pendingCount: Int
    /// How many of our messages failed this session.
    public var failedCount: Int
    /// On UDP, the link's round-trip time and retransmissions; `nil` on TCP.
    public var linkQuality: LinkQuality?
    /// Whether mentions and private messages ring the bell.
    public var bellEnabled: Bool

    /// Creates a status value.
    public init(
        nick: String, relayName: String, transport: Transport, link: LinkStatus, onlineCount: Int,
        pendingCount: Int, failedCount: Int, linkQuality: LinkQuality?, bellEnabled: Bool
    ) {
        self.nick = nick
        self.relayName = relayName
        self.transport = transport
        self.link = link
        self.onlineCount = onlineCount
        self.pendingCount = pendingCount
        self.failedCount = failedCount
        self.linkQuality = linkQuality
        self.bellEnabled = bellEnabled
    }

    /// One line for a status bar, e.g. `alice @ localhost:7700 (udp) — connected — 3 online — rtt 12ms, 4 retransmitted`.
    public func summary(now: UInt64) -> String {
        var parts = ["\(nick.isEmpty ? "(guest)" : nick) @ \(relayName) (\(transport))", link.summary(now: now)]
        if link.isConnected { parts.append("\(onlineCount) online") }
        if pendingCount > 0 { parts.append("\(pendingCount) pending") }
        if failedCount > 0 { parts.append("\(failedCount) failed") }
        if let stats = linkQuality {
            let rtt = stats.roundTripTime.map { "rtt \($0)ms" } ?? "rtt —"
            parts.append("\(rtt), \(stats.retransmissions) retransmitted")
        }
        return parts.joined(separator: " — ")
    }
}
