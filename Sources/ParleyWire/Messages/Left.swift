/// LEFT: someone left a room (`reason == .part`), or the relay (one LEFT per room they shared
/// with the receiver).
public struct Left: Equatable, Sendable {
    public var room: String
    public var nick: String
    public var reason: LeaveReason
    /// The quit or part message, or more detail on the reason; may be empty.
    public var detail: String
    public var time: UInt64

    public init(room: String = RoomName.lobby, nick: String, reason: LeaveReason, detail: String = "", time: UInt64) {
        self.room = room
        self.nick = nick
        self.reason = reason
        self.detail = detail
        self.time = time
    }

    func encode(into w: inout ByteWriter) {
        w.writeString8(room)
        w.writeString8(nick)
        w.write(reason.rawValue)
        w.writeString16(detail)
        w.write(time)
    }

    init(from r: inout ByteReader) throws(WireError) {
        room = try r.readString8(field: "room", maxBytes: Limits.maxRoomNameBytes)
        nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
        reason = try r.readEnum(LeaveReason.self, field: "reason")
        detail = try r.readString16(field: "detail", maxBytes: Limits.maxDetailBytes)
        time = try r.readUInt64()
    }
}
