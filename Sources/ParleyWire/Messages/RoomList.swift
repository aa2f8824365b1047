/// ROOMS: one page of the relay's rooms, the answer to LIST.
public struct RoomList: Equatable, Sendable {
    public var request: UInt64
    /// Whether this is the last page.
    public var isFinal: Bool
    /// At most `Limits.maxRoomsPerFrame` entries.
    public var entries: [RoomSummary]

    public init(request: UInt64, isFinal: Bool = true, entries: [RoomSummary]) {
        self.request = request
        self.isFinal = isFinal
        self.entries = entries
    }

    func encode(into w: inout ByteWriter) {
        let entries = entries.prefix(Limits.maxRoomsPerFrame)
        w.write(request)
        w.write(UInt8(isFinal ? 1 : 0))
        w.write(UInt16(entries.count))
        for entry in entries {
            w.writeString8(entry.room)
            w.write(entry.members)
            w.writeString16(entry.topic)
        }
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        isFinal = try r.readFinal()
        let count = try r.readCount(field: "room count", limit: Limits.maxRoomsPerFrame, minimumSize: 7)
        entries = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let room = try r.readString8(field: "room", maxBytes: Limits.maxRoomNameBytes)
            let members = try r.readUInt32()
            entries.append(RoomSummary(room: room, members: members, topic: try r.readString16(field: "topic", maxBytes: Limits.maxTopicBytes)))
        }
    }
}

/// One room in a LIST answer.
public struct RoomSummary: Equatable, Sendable {
    public var room: String
    public var members: UInt32
    public var topic: String
    public init(room: String, members: UInt32, topic: String = "") {
        self.room = room
        self.members = members
        self.topic = topic
    }
}
