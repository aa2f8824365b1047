/// ROSTER: one page of who is in a room: the answer to WHO (with its request id), or sent
/// after ENTERED (request id 0).
public struct Roster: Equatable, Sendable {
    public var request: UInt64
    public var room: String
    /// Whether this is the last page.
    public var isFinal: Bool
    /// At most `Limits.maxRosterEntriesPerFrame` entries.
    public var entries: [RosterEntry]

    public init(request: UInt64 = 0, room: String = RoomName.lobby, isFinal: Bool = true, entries: [RosterEntry]) {
        self.request = request
        self.room = room
        self.isFinal = isFinal
        self.entries = entries
    }

    func encode(into w: inout ByteWriter) {
        let entries = entries.prefix(Limits.maxRosterEntriesPerFrame)
        w.write(request)
        w.writeString8(room)
        w.write(UInt8(isFinal ? 1 : 0))
        w.write(UInt16(entries.count))
        for entry in entries {
            w.writeString8(entry.nick)
            w.write(entry.transport.rawValue)
        }
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room", maxBytes: Limits.maxRoomNameBytes)
        isFinal = try r.readFinal()
        let count = try r.readCount(field: "roster count", limit: Limits.maxRosterEntriesPerFrame, minimumSize: 2)
        entries = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let nick = try r.readString8(field: "roster nick", maxBytes: Limits.maxNickLength)
            entries.append(RosterEntry(nick: nick, transport: try r.readEnum(Transport.self, field: "transport")))
        }
    }
}

/// One person in a roster.
public struct RosterEntry: Equatable, Sendable {
    public var nick: String
    public var transport: Transport
    public init(nick: String, transport: Transport) {
        self.nick = nick
        self.transport = transport
    }
}
