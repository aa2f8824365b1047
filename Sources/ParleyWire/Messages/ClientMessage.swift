/// A message from a client to the relay: the body of one frame (PROTOCOL.md §3).
///
/// Every request carries a request id (`request`), echoed by its reply or its ERROR. PING, PONG
/// and BYE are not requests.
public enum ClientMessage: WireMessage {
    /// First frame: who I am, what I can do, and what I missed.
    case hello(Hello)
    /// A chat message for a room or a person.
    case submit(Submit)
    /// Change my nick.
    case nick(NickChange)
    /// Enter a room (creating it), replaying what I missed there.
    case join(Join)
    /// Leave a room.
    case part(Part)
    /// Who is in a room?
    case who(Who)
    /// Which rooms are there?
    case list(ListRooms)
    /// Read or set a room's topic.
    case topic(TopicRequest)
    /// Are you alive? The token is echoed in PONG.
    case ping(UInt64)
    /// The answer to the relay's PING.
    case pong(UInt64)
    /// I am leaving, with a reason.
    case bye(String)

    /// Frame type codes from client to relay.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case hello = 0x03
        case submit = 0x10
        case nick = 0x20
        case join = 0x24
        case part = 0x25
        case who = 0x30
        case list = 0x32
        case topic = 0x34
        case ping = 0x50
        case pong = 0x51
        case bye = 0x60

        /// Whether the body begins with a `u64` request id.
        public var isRequest: Bool { self != .ping && self != .pong && self != .bye }

        /// The message's name as PROTOCOL.md writes it.
        public var name: String {
            switch self {
            case .hello: return "HELLO"
            case .submit: return "SUBMIT"
            case .nick: return "NICK"
            case .join: return "JOIN"
            case .part: return "PART"
            case .who: return "WHO"
            case .list: return "LIST"
            case .topic: return "TOPIC"
            case .ping: return "PING"
            case .pong: return "PONG"
            case .bye: return "BYE"
            }
        }
    }

    /// The type of v1's HELLO, never reused: a relay that gets it first over UDP answers the
    /// client in v1's terms that the versions differ.
    public static let legacyHelloType: UInt8 = 0x01

    public var kind: Kind {
        switch self {
        case .hello: return .hello
        case .submit: return .submit
        case .nick: return .nick
        case .join: return .join
        case .part: return .part
        case .who: return .who
        case .list: return .list
        case .topic: return .topic
        case .ping: return .ping
        case .pong: return .pong
        case .bye: return .bye
        }
    }

    public var typeCode: UInt8 { kind.rawValue }

    /// The request id, or 0 for PING, PONG and BYE.
    public var request: UInt64 {
        switch self {
        case .hello(let m): return m.request
        case .submit(let m): return m.request
        case .nick(let m): return m.request
        case .join(let m): return m.request
        case .part(let m): return m.request
        case .who(let m): return m.request
        case .list(let m): return m.request
        case .topic(let m): return m.request
        case .ping, .pong, .bye: return 0
        }
    }

    public func encodeBody(into w: inout ByteWriter) {
        switch self {
        case .hello(let m): m.encode(into: &w)
        case .submit(let m): m.encode(into: &w)
        case .nick(let m): m.encode(into: &w)
        case .join(let m): m.encode(into: &w)
        case .part(let m): m.encode(into: &w)
        case .who(let m): m.encode(into: &w)
        case .list(let m): m.encode(into: &w)
        case .topic(let m): m.encode(into: &w)
        case .ping(let token), .pong(let token): w.write(token)
        case .bye(let reason): w.writeString16(reason)
        }
    }

    /// Decodes one frame body from a client.
    ///
    /// - Throws: `WireError.inRequest` wrapping the problem when the body's request id could be
    ///   read, so that the refusal names the request it refuses; an unknown type is
    ///   `unknownType` (wrapped the same way when its body is long enough to hold an id).
    public static func decode(type: UInt8, body: ArraySlice<UInt8>) throws(WireError) -> ClientMessage {
        guard let kind = Kind(rawValue: type) else {
            guard let request = peekRequest(body) else { throw .unknownType(type) }
            throw .inRequest(request, .unknownType(type))
        }
        var r = ByteReader(body, type: type)
        do {
            switch kind {
            case .hello: return .hello(try Hello(from: &r))
            case .submit: return .submit(try Submit(from: &r))
            case .nick: return .nick(try NickChange(from: &r))
            case .join: return .join(try Join(from: &r))
            case .part: return .part(try Part(from: &r))
            case .who: return .who(try Who(from: &r))
            case .list: return .list(try ListRooms(from: &r))
            case .topic: return .topic(try TopicRequest(from: &r))
            case .ping: return .ping(try r.readUInt64())
            case .pong: return .pong(try r.readUInt64())
            case .bye: return .bye(try r.readString16(field: "reason", maxBytes: Limits.maxDetailBytes))
            }
        } catch {
            guard kind.isRequest, let request = peekRequest(body) else { throw error }
            throw .inRequest(request, error)
        }
    }

    /// The request id at the start of a body, if the body is long enough to hold one.
    static func peekRequest(_ body: ArraySlice<UInt8>) -> UInt64? {
        guard body.count >= 8 else { return nil }
        return body.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
