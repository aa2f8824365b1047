/// ENTERED: the client is in a room. `replayCount` CHAT frames of the room's history follow,
/// then its ROSTER (or, in a crowded room, a NOTICE with the head count).
public struct Entered: Equatable, Sendable {
    /// JOIN's request id, or HELLO's for the rooms it entered.
    public var request: UInt64
    /// The room's name as it was created (its case kept).
    public var room: String
    /// Empty when none is set.
    public var topic: String
    /// The room's newest message id (0: none yet). Every id in a room is at most this or newer.
    public var lastID: UInt64
    /// How the cursor was met.
    public var resume: ResumeStatus
    /// Messages after the cursor that the relay no longer keeps, and are not replayed (with
    /// `resume == .gap`, or `.more` when the gap is followed by more than one part can carry).
    public var missed: UInt64
    /// How many CHAT frames follow.
    public var replayCount: UInt32
    /// How many people are in the room, this client included.
    public var members: UInt32

    public init(
        request: UInt64 = 0, room: String, topic: String = "", lastID: UInt64 = 0, resume: ResumeStatus = .fresh,
        missed: UInt64 = 0, replayCount: UInt32 = 0, members: UInt32 = 1
    ) {
        self.request = request
        self.room = room
        self.topic = topic
        self.lastID = lastID
        self.resume = resume
        self.missed = missed
        self.replayCount = replayCount
        self.members = members
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(room)
        w.writeString16(topic)
        w.write(lastID)
        w.write(resume.rawValue)
        w.write(missed)
        w.write(replayCount)
        w.write(members)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        room = try r.readString8(field: "room", maxBytes: Limits.maxRoomNameBytes)
        topic = try r.readString16(field: "topic", maxBytes: Limits.maxTopicBytes)
        lastID = try r.readUInt64()
        resume = try r.readEnum(ResumeStatus.self, field: "resume")
        missed = try r.readUInt64()
        replayCount = try r.readUInt32()
        members = try r.readUInt32()
    }
}
