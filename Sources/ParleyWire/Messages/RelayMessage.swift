/// A message from the relay to a client: the body of one frame (PROTOCOL.md §3).
public enum RelayMessage: WireMessage {
    /// The answer to HELLO, before any replayed history.
    case welcome(Welcome)
    /// The client is in a room (the answer to JOIN, or to HELLO's room list); that room's
    /// replayed history and roster follow.
    case entered(Entered)
    /// A chat message, stamped by the relay with its id, time and sender.
    case chat(Chat)
    /// Someone changed nick.
    case renamed(Renamed)
    /// Someone entered a room.
    case joined(Joined)
    /// Someone left a room, or the relay.
    case left(Left)
    /// One page of who is in a room.
    case roster(Roster)
    /// One page of the rooms there are.
    case rooms(RoomList)
    /// A room's topic: the answer to TOPIC, or a change announced to the room.
    case topic(Topic)
    /// A request was refused.
    case error(ErrorReport)
    /// A sentence from the relay to be shown as it is (shutdown, a head count, ...).
    case notice(String)
    /// A request that needs no other answer was done (PART); carries its id.
    case done(UInt64)
    /// Are you alive? The token is echoed in PONG.
    case ping(UInt64)
    /// The answer to the client's PING.
    case pong(UInt64)
    /// The relay is closing the connection, with a reason.
    case bye(String)

    /// Frame type codes from relay to client.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case welcome = 0x04
        case entered = 0x05
        case chat = 0x11
        case renamed = 0x21
        case joined = 0x22
        case left = 0x23
        case roster = 0x31
        case rooms = 0x33
        case topic = 0x35
        case error = 0x40
        case notice = 0x41
        case done = 0x42
        case ping = 0x50
        case pong = 0x51
        case bye = 0x60

        /// The message's name as PROTOCOL.md writes it.
        public var name: String {
            switch self {
            case .welcome: return "WELCOME"
            case .entered: return "ENTERED"
            case .chat: return "CHAT"
            case .renamed: return "RENAMED"
            case .joined: return "JOINED"
            case .left: return "LEFT"
            case .roster: return "ROSTER"
            case .rooms: return "ROOMS"
            case .topic: return "TOPIC"
            case .error: return "ERROR"
            case .notice: return "NOTICE"
            case .done: return "OK"
            case .ping: return "PING"
            case .pong: return "PONG"
            case .bye: return "BYE"
            }
        }
    }

    public var kind: Kind {
        switch self {
        case .welcome: return .welcome
        case .entered: return .entered
        case .chat: return .chat
        case .renamed: return .renamed
        case .joined: return .joined
        case .left: return .left
        case .roster: return .roster
        case .rooms: return .rooms
        case .topic: return .topic
        case .error: return .error
        case .notice: return .notice
        case .done: return .done
        case .ping: return .ping
        case .pong: return .pong
        case .bye: return .bye
        }
    }

    public var typeCode: UInt8 { kind.rawValue }

    public func encodeBody(into w: inout ByteWriter) {
        switch self {
        case .welcome(let m): m.encode(into: &w)
        case .entered(let m): m.encode(into: &w)
        case .chat(let m): m.encode(into: &w)
        case .renamed(let m): m.encode(into: &w)
        case .joined(let m): m.encode(into: &w)
        case .left(let m): m.encode(into: &w)
        case .roster(let m): m.encode(into: &w)
        case .rooms(let m): m.encode(into: &w)
        case .topic(let m): m.encode(into: &w)
        case .error(let m): m.encode(into: &w)
        case .notice(let text): w.writeString16(text)
        case .done(let request): w.write(request)
        case .ping(let token), .pong(let token): w.write(token)
        case .bye(let reason): w.writeString16(reason)
        }
    }

    /// Decodes one frame body from the relay.
    ///
    /// - Throws: `WireError`; a client skips a frame of an unknown type (`unknownType`), which a
    ///   later relay may send, and reports the others.
    public static func decode(type: UInt8, body: ArraySlice<UInt8>) throws(WireError) -> RelayMessage {
        guard let kind = Kind(rawValue: type) else { throw .unknownType(type) }
        var r = ByteReader(body, type: type)
        switch kind {
        case .welcome: return .welcome(try Welcome(from: &r))
        case .entered: return .entered(try Entered(from: &r))
        case .chat: return .chat(try Chat(from: &r))
        case .renamed: return .renamed(try Renamed(from: &r))
        case .joined: return .joined(try Joined(from: &r))
        case .left: return .left(try Left(from: &r))
        case .roster: return .roster(try Roster(from: &r))
        case .rooms: return .rooms(try RoomList(from: &r))
        case .topic: return .topic(try Topic(from: &r))
        case .error: return .error(try ErrorReport(from: &r))
        case .notice: return .notice(try r.readString16(field: "notice", maxBytes: Limits.maxTextBytes))
        case .done: return .done(try r.readUInt64())
        case .ping: return .ping(try r.readUInt64())
        case .pong: return .pong(try r.readUInt64())
        case .bye: return .bye(try r.readString16(field: "reason", maxBytes: Limits.maxDetailBytes))
        }
    }
}
