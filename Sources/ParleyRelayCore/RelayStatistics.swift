import ParleyWire

/// Counters the core keeps for the operator; totals since the relay started.
///
/// The shell turns two successive reports into rates and adds what only it knows (bytes, UDP link figures).
public struct RelayStatistics: Equatable, Sendable {
    /// Welcomed peers (on the relay, in any rooms), by transport.
    public var peers: [Transport: Int] = [:]
    /// Connections not yet welcomed (detecting, handshaking, being refused).
    public var pendingPeers: Int = 0
    /// Rooms the relay holds (`#lobby` included), with members or kept while empty.
    public var rooms: Int = 0
    /// Chat messages accepted.
    public var messagesIn: UInt64 = 0
    /// Chat messages delivered (one per recipient, the sender's echo included).
    public var deliveries: UInt64 = 0
    /// Refused requests, by error code.
    public var rejections: [ErrorCode: UInt64] = [:]
    /// Disconnections, by reason.
    public var disconnects: [LeaveReason: UInt64] = [:]
    /// When these figures were taken (milliseconds since 1970).
    public var time: UInt64 = 0

    /// Empty counters.
    public init() {}

}
