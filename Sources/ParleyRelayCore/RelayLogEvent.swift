import ParleyWire

/// One line for the operator's log: what happened, to whom, and why.
public enum RelayLogEvent: Equatable, Sendable {
    /// A peer was welcomed to the relay.
    case joined(PeerID, nick: String, transport: Transport)
    /// A welcomed peer left the relay.
    case left(PeerID, nick: String, reason: LeaveReason, detail: String)
    /// A connection that never joined went away.
    case dropped(PeerID, reason: LeaveReason, detail: String)
    /// A peer changed its nick.
    case renamed(PeerID, old: String, new: String)
    /// A request was refused (a limit was hit or the request was invalid).
    case refused(PeerID, nick: String, code: ErrorCode, detail: String)
    /// A connection was turned away because the relay is full.
    case serverFull(PeerID)
    /// A connection was turned away because its address already has `limit` connections.
    case addressFull(PeerID, address: String, limit: Int)
    /// The relay began shutting down, saying goodbye to this many peers.
    case shuttingDown(peers: Int)
    /// A member entered a room (by HELLO's room list or by JOIN).
    case joinedRoom(PeerID, nick: String, room: String)
    /// A member left a room on purpose (PART) and stays on the relay.
    case partedRoom(PeerID, nick: String, room: String, detail: String)
    /// A member set a room's topic.
    case topicSet(PeerID, nick: String, room: String)
    /// A room was created by its first JOIN.
    case roomCreated(room: String)
    /// An empty room (with its history) made way for a new one.
    case roomDropped(room: String)
    /// The store could not keep what was asked; `refused` messages were refused to their senders.
    case storeFailed(reason: String, refused: Int)
    /// The store commits again after failing.
    case storeRecovered

    /// Whether this event reports trouble (a warning) rather than ordinary traffic.
    public var isWarning: Bool {
        switch self {
        case .left(_, _, let reason, _), .dropped(_, let reason, _):
            return reason != .quit && reason != .serverShutdown
        case .refused, .serverFull, .addressFull, .storeFailed: return true
        case .joined, .renamed, .shuttingDown, .joinedRoom, .partedRoom, .topicSet, .roomCreated, .roomDropped, .storeRecovered: return false
        }
    }
}
