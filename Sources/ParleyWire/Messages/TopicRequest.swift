/// TOPIC (client → relay): read a room's topic, or set it. Answered by TOPIC or ERROR.
public struct TopicRequest: Equatable, Sendable {
    public var request: UInt64
    public var room: String
    /// The new topic (empty clears it), or `nil` to read the current one.
    public var newTopic: String?

    public init(request: UInt64, room: String, newTopic: String? = nil) {
        self.request = request
        self.room = room
        self.newTopic = newTopic
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(room)
        w.write(UInt8(newTopic == nil ? 0 : 1))
        w.writeString16(newTopic ?? "")
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room")
        let set = try r.readUInt8()
        guard set <= 1 else { throw .invalidValue(field: "set", value: UInt64(set)) }
        let text = try r.readString16(field: "topic", maxBytes: Limits.maxTopicBytes)
        newTopic = set == 1 ? text : nil
    }
}
