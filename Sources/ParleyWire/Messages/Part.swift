/// PART: leave a room. Answered by OK (the others see LEFT with reason `part`) or ERROR.
public struct Part: Equatable, Sendable {
    public var request: UInt64
    public var room: String
    /// Shown to the others; may be empty.
    public var reason: String

    public init(request: UInt64, room: String, reason: String = "") {
        self.request = request
        self.room = room
        self.reason = reason
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(room)
        w.writeString16(reason)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room")
        reason = try r.readString16(field: "reason", maxBytes: Limits.maxDetailBytes)
    }
}
