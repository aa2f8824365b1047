/// JOINED: someone entered a room.
public struct Joined: Equatable, Sendable {
    public var room: String
    public var nick: String
    public var transport: Transport
    public var time: UInt64

    public init(room: String = RoomName.lobby, nick: String, transport: Transport, time: UInt64) {
        self.room = room
        self.nick = nick
        self.transport = transport
        self.time = time
    }

    func encode(into w: inout ByteWriter) {
        w.writeString8(room)
        w.writeString8(nick)
        w.write(transport.rawValue)
        w.write(time)
    }

    init(from r: inout ByteReader) throws(WireError) {
        room = try r.readString8(field: "room", maxBytes: Limits.maxRoomNameBytes)
        nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
        transport = try r.readEnum(Transport.self, field: "transport")
        time = try r.readUInt64()
    }
}
