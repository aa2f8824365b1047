import ParleyWire

/// What a status bar shows: who and where we are, how the link is doing, and the windows.
public struct ClientStatus: Equatable, Sendable {
    /// Our nick (as the relay assigned it, or as requested before the first WELCOME).
    public var nick: String
    /// The relay as the user named it, e.g. `localhost:7700`.
    public var relayName: String
    /// TCP or UDP.
    public var transport: Transport
    /// The link's state, with the reason and next attempt time while reconnecting.
    public var link: LinkStatus
    /// How many people are in the room on screen, ourselves included; `nil` while disconnected,
    /// in a private conversation, or in a room we are not in.
    public var memberCount: Int?
    /// How many of our messages wait for the relay's echo.
    public var pendingCount: Int
    /// How many of our messages failed this session.
    public var failedCount: Int
    /// On UDP, the link's round-trip time and retransmissions; `nil` on TCP.
    public var linkQuality: LinkQuality?
    /// Whether mentions and private messages ring the bell.
    public var bellEnabled: Bool
    /// Every window, left to right, the one on screen marked.
    public var windows: [WindowSummary]

    /// Creates a status value.
    public init(
        nick: String, relayName: String, transport: Transport, link: LinkStatus, memberCount: Int?,
        pendingCount: Int, failedCount: Int, linkQuality: LinkQuality?, bellEnabled: Bool, windows: [WindowSummary] = []
    ) {
        self.nick = nick
        self.relayName = relayName
        self.transport = transport
        self.link = link
        self.memberCount = memberCount
        self.pendingCount = pendingCount
        self.failedCount = failedCount
        self.linkQuality = linkQuality
        self.bellEnabled = bellEnabled
        self.windows = windows
    }

    /// One line for a status bar, e.g.
    /// `alice @ localhost:7700 (udp) — connected — #dev — 3 here — rtt 12ms, 4 retransmitted`.
    public func summary(now: UInt64) -> String {
        var parts = ["\(nick.isEmpty ? "(guest)" : nick) @ \(relayName) (\(transport))", link.summary(now: now)]
        if let current = windows.first(where: \.isCurrent) { parts.append(current.title) }
        if let memberCount { parts.append("\(memberCount) here") }
        if pendingCount > 0 { parts.append("\(pendingCount) pending") }
        if failedCount > 0 { parts.append("\(failedCount) failed") }
        if let stats = linkQuality {
            let rtt = stats.roundTripTime.map { "rtt \($0)ms" } ?? "rtt —"
            parts.append("\(rtt), \(stats.retransmissions) retransmitted")
        }
        return parts.joined(separator: " — ")
    }
}
