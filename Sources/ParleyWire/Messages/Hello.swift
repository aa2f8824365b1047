/// HELLO: the first frame a client sends (after the preamble on TCP).
public struct Hello: Equatable, Sendable {
    /// This request's id; WELCOME or the refusal carries it back.
    public var request: UInt64
    /// The optional features the client supports.
    public var capabilities: Capabilities
    /// The nick the client would like; empty asks the relay to pick a guest nick.
    public var nick: String
    /// The history epoch the client's cursors refer to (WELCOME.epoch of its last session; 0:
    /// none). Cursors from another epoch mean nothing to this relay and are ignored.
    public var epoch: UInt64
    /// The last private message id the client saw (0: none).
    public var privateAfter: UInt64
    /// For rooms entered without a cursor, how many recent messages to replay;
    /// `Hello.defaultHistory` lets the relay choose, `Hello.allHistory` asks for all it keeps.
    public var history: UInt16
    /// The token from the last WELCOME under this nick (0: none). It proves the claim to the
    /// nick's private messages kept by the relay.
    public var resumeToken: UInt64
    /// The rooms to enter, each with the last id seen there (0: none). Empty enters `#lobby`.
    /// At most `Limits.maxRoomsPerPeer`.
    public var rooms: [RoomCursor]

    /// Asks the relay for its default amount of history.
    public static let defaultHistory: UInt16 = 0xFFFF
    /// Asks the relay for all the history it keeps (a client that has seen nothing yet).
    public static let allHistory: UInt16 = 0xFFFE

    public init(
        request: UInt64 = 1, capabilities: Capabilities = .supported, nick: String, epoch: UInt64 = 0,
        privateAfter: UInt64 = 0, history: UInt16 = Hello.defaultHistory, resumeToken: UInt64 = 0, rooms: [RoomCursor] = []
    ) {
        self.request = request
        self.capabilities = capabilities
        self.nick = nick
        self.epoch = epoch
        self.privateAfter = privateAfter
        self.history = history
        self.resumeToken = resumeToken
        self.rooms = rooms
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.write(capabilities.rawValue)
        w.writeString8(nick)
        w.write(epoch)
        w.write(privateAfter)
        w.write(history)
        w.write(resumeToken)
        let rooms = rooms.prefix(Limits.maxRoomsPerPeer)
        w.write(UInt8(rooms.count))
        for cursor in rooms {
            w.writeString8(cursor.room)
            w.write(cursor.after)
        }
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        capabilities = Capabilities(rawValue: try r.readUInt32())
        nick = try r.readString8(field: "nick")
        epoch = try r.readUInt64()
        privateAfter = try r.readUInt64()
        history = try r.readUInt16()
        resumeToken = try r.readUInt64()
        let count = Int(try r.readUInt8())
        guard count <= Limits.maxRoomsPerPeer else { throw .invalidValue(field: "room count", value: UInt64(count)) }
        rooms = []
        rooms.reserveCapacity(count)
        for _ in 0..<count {
            let room = try r.readString8(field: "room")
            rooms.append(RoomCursor(room: room, after: try r.readUInt64()))
        }
    }
}

/// A room and the last message id a client saw there.
public struct RoomCursor: Hashable, Sendable {
    public var room: String
    /// 0: nothing seen there yet.
    public var after: UInt64
    public init(room: String, after: UInt64 = 0) {
        self.room = room
        self.after = after
    }
}
