import ParleyWire

/// What a Parley client (TCP or UDP) of a test has received and submitted; `FramedPeer` and
/// `LinkPeer` carry it over their transports.
///
/// Request ids come from one counter per peer, HELLO's first, as a real client's do.
public class ParleyPeer {
    /// The nick this peer asked for (see `givenNick` for the one it got).
    public let nick: String
    /// Every message received, in order.
    public private(set) var received: [RelayMessage] = []
    /// Frames that could not be decoded (a relay bug, or a new message type a client skips).
    public private(set) var decodeFailures: [WireError] = []
    /// Request ids of this peer's SUBMITs, in order.
    public private(set) var submitted: [UInt64] = []
    private var nextRequest: UInt64

    init(nick: String, firstRequest: UInt64) {
        self.nick = nick
        nextRequest = max(1, firstRequest)
    }

    func record(_ message: RelayMessage) {
        received.append(message)
    }

    func recordFailure(_ error: WireError) {
        decodeFailures.append(error)
    }

    /// A fresh request id from this peer's counter.
    public func makeRequestID() -> UInt64 {
        defer { nextRequest += 1 }
        return nextRequest
    }

    /// Sends any bytes as one frame (they need not be a well-formed Parley frame).
    public func send(frame: [UInt8]) throws {
        preconditionFailure("a transport sends frames")
    }

    /// Sends one message.
    public func send(_ message: ClientMessage) throws {
        try send(frame: message.encoded())
    }

    /// Submits `text` to `destination` (the lobby by default) under a fresh request id, or under
    /// `request` (a resubmission, or someone else's id); returns the id.
    @discardableResult
    public func say(
        _ text: String, to destination: Destination = .room(RoomName.lobby), kind: MessageKind = .text,
        request: UInt64? = nil
    ) throws -> UInt64 {
        let id = request ?? makeRequestID()
        submitted.append(id)
        try send(.submit(Submit(request: id, kind: kind, to: destination, text: text)))
        return id
    }

    /// Sends JOIN; returns its request id.
    @discardableResult
    public func join(_ room: String, after: UInt64 = 0, history: UInt16 = 0) throws -> UInt64 {
        let id = makeRequestID()
        try send(.join(Join(request: id, room: room, after: after, history: history)))
        return id
    }

    /// Sends PART; returns its request id.
    @discardableResult
    public func part(_ room: String, reason: String = "") throws -> UInt64 {
        let id = makeRequestID()
        try send(.part(Part(request: id, room: room, reason: reason)))
        return id
    }

    /// Sends NICK; returns its request id.
    @discardableResult
    public func changeNick(to nick: String) throws -> UInt64 {
        let id = makeRequestID()
        try send(.nick(NickChange(request: id, nick: nick)))
        return id
    }

    /// Sends WHO; returns its request id.
    @discardableResult
    public func who(_ room: String) throws -> UInt64 {
        let id = makeRequestID()
        try send(.who(Who(request: id, room: room)))
        return id
    }
}

extension ParleyPeer {
    /// The WELCOME, once it has arrived.
    public var welcome: Welcome? {
        for message in received { if case .welcome(let welcome) = message { return welcome } }
        return nil
    }

    /// The nick the relay gave this peer (its WELCOME), or the one it asked for.
    public var givenNick: String { welcome?.nick ?? nick }

    /// Every CHAT received (room and private), in order; likewise for the other kinds below.
    public var chats: [Chat] { received.compactMap { if case .chat(let chat) = $0 { chat } else { nil } } }
    public var errors: [ErrorReport] { received.compactMap { if case .error(let report) = $0 { report } else { nil } } }
    public var entered: [Entered] { received.compactMap { if case .entered(let entered) = $0 { entered } else { nil } } }
    public var joins: [Joined] { received.compactMap { if case .joined(let joined) = $0 { joined } else { nil } } }
    public var lefts: [Left] { received.compactMap { if case .left(let left) = $0 { left } else { nil } } }
    public var rosters: [Roster] { received.compactMap { if case .roster(let roster) = $0 { roster } else { nil } } }
    public var renames: [Renamed] { received.compactMap { if case .renamed(let renamed) = $0 { renamed } else { nil } } }
    public var notices: [String] { received.compactMap { if case .notice(let text) = $0 { text } else { nil } } }
    /// Request ids of OK answers.
    public var done: [UInt64] { received.compactMap { if case .done(let request) = $0 { request } else { nil } } }
    public var byes: [String] { received.compactMap { if case .bye(let reason) = $0 { reason } else { nil } } }

    /// The room messages of `room` (compared as the relay does, ignoring case).
    public func chats(in room: String) -> [Chat] {
        let folded = RoomName.folded(room)
        return chats.filter { if case .room(let name) = $0.to { RoomName.folded(name) == folded } else { false } }
    }

    /// Private messages sent to or by this peer.
    public var privateChats: [Chat] { chats.filter(\.isPrivate) }

    /// The newest id seen in `room` (0: none): this peer's resume cursor there.
    public func lastSeenID(in room: String) -> UInt64 {
        chats(in: room).map(\.id).max() ?? 0
    }

    /// The latest ENTERED for `room`.
    public func entered(_ room: String) -> Entered? {
        entered.last { RoomName.folded($0.room) == RoomName.folded(room) }
    }

    /// The CHATs replayed after the latest ENTERED for `room` (its `replayCount` frames), or
    /// `nil` until ENTERED and all of them have arrived.
    public func replay(in room: String) -> [Chat]? {
        guard let index = received.lastIndex(where: { if case .entered(let e) = $0 { RoomName.folded(e.room) == RoomName.folded(room) } else { false } }),
            case .entered(let entered) = received[index]
        else { return nil }
        let following = received[(index + 1)...].prefix(Int(entered.replayCount))
        let replayed = following.compactMap { if case .chat(let chat) = $0 { chat } else { nil } }
        return replayed.count == Int(entered.replayCount) ? replayed : nil
    }

    /// The errors that name `request`.
    public func errors(for request: UInt64) -> [ErrorReport] { errors.filter { $0.request == request } }

    /// Request ids of this peer's own messages that the relay echoed back.
    public var echoed: Set<UInt64> { Set(chats.filter { $0.from == givenNick }.map(\.request)) }

    /// Whether a LEFT for `nick` (in any room, or in `room`) has arrived.
    public func sawLeave(of nick: String, in room: String? = nil) -> Bool {
        lefts.contains { left in left.nick == nick && (room == nil || RoomName.folded(left.room) == RoomName.folded(room!)) }
    }
}
