/// TOPIC (relay → client): a room's topic, the answer to TOPIC (with its request id) or a
/// change announced to the room (request id 0, except in the setter's copy).
public struct Topic: Equatable, Sendable {
    public var request: UInt64
    public var room: String
    /// Empty: no topic.
    public var text: String
    /// Who set it (empty if nobody has).
    public var setBy: String
    /// When it was set (0 if never).
    public var time: UInt64

    public init(request: UInt64 = 0, room: String, text: String, setBy: String = "", time: UInt64 = 0) {
        self.request = request
        self.room = room
        self.text = text
        self.setBy = setBy
        self.time = time
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(room)
        w.writeString16(text)
        w.writeString8(setBy)
        w.write(time)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room", maxBytes: Limits.maxRoomNameBytes)
        text = try r.readString16(field: "topic", maxBytes: Limits.maxTopicBytes)
        setBy = try r.readString8(field: "set by", maxBytes: Limits.maxNickLength)
        time = try r.readUInt64()
    }
}
