/// JOIN: enter a room, creating it if it does not exist. Answered by ENTERED or ERROR.
public struct Join: Equatable, Sendable {
    public var request: UInt64
    public var room: String
    /// The last id seen in this room (0: none): every later message is replayed.
    public var after: UInt64
    /// With no cursor, how many recent messages to replay (`Hello.defaultHistory`: the relay's choice).
    public var history: UInt16

    public init(request: UInt64, room: String, after: UInt64 = 0, history: UInt16 = Hello.defaultHistory) {
        self.request = request
        self.room = room
        self.after = after
        self.history = history
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(room)
        w.write(after)
        w.write(history)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room")
        after = try r.readUInt64()
        history = try r.readUInt16()
    }
}
