/// WHO: who is in a room? Answered by ROSTER pages or ERROR.
public struct Who: Equatable, Sendable {
    public var request: UInt64
    public var room: String

    public init(request: UInt64, room: String) {
        self.request = request
        self.room = room
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(room)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room")
    }
}
