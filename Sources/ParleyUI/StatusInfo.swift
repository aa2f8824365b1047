import ParleyClientCore

/// What the status bar reports, in plain values the client's state maps onto.
public struct StatusInfo: Hashable, Sendable {
    /// The transport to the relay.
    public enum Transport: String, Hashable, Sendable {
        /// A TCP connection.
        case tcp = "TCP"
        /// Parley's reliable-UDP link.
        case udp = "UDP"
    }

    /// The link to the relay.
    public enum Link: Hashable, Sendable {
        /// The first connection attempt is under way.
        case connecting
        /// Connected and joined.
        case connected
        /// Lost; the next attempt starts in this many seconds.
        case reconnecting(inSeconds: Int)
        /// Lost for good (or not retrying); the reason, if known.
        case down(reason: String?)
    }

    /// Our nick.
    public var nick: String
    /// The relay's address as the user gave it, e.g. "127.0.0.1:7000".
    public var relayAddress: String
    /// TCP or UDP.
    public var transport: Transport
    /// The link's state.
    public var link: Link
    /// People in the room on screen, when known (not in a private conversation).
    public var peersOnline: Int?
    /// Smoothed round-trip time on UDP, in milliseconds.
    public var roundTripMilliseconds: Int?
    /// Datagrams retransmitted so far on UDP.
    public var retransmissions: Int?
    /// Every window, left to right, the one on screen marked (see `WindowListBar`).
    public var windows: [WindowSummary]

    /// Creates status information.
    public init(
        nick: String, relayAddress: String, transport: Transport = .tcp, link: Link = .connecting,
        peersOnline: Int? = nil, roundTripMilliseconds: Int? = nil, retransmissions: Int? = nil,
        windows: [WindowSummary] = []
    ) {
        self.nick = nick
        self.relayAddress = relayAddress
        self.transport = transport
        self.link = link
        self.peersOnline = peersOnline
        self.roundTripMilliseconds = roundTripMilliseconds
        self.retransmissions = retransmissions
        self.windows = windows
    }

    /// The link state as the status bar words it.
    public var linkText: String {
        switch link {
        case .connecting: return "connecting"
        case .connected: return "connected"
        case .reconnecting(let seconds): return "reconnecting in \(max(seconds, 0))s"
        case .down(let reason?): return "down: " + reason
        case .down(nil): return "down"
        }
    }
}
