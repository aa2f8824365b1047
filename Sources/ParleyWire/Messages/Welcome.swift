/// WELCOME: the relay accepted the client. The private messages it missed follow, then one
/// ENTERED (with that room's history and roster) per room.
public struct Welcome: Equatable, Sendable {
    /// HELLO's request id.
    public var request: UInt64
    /// The features both sides will use: never a bit the client did not offer.
    public var capabilities: Capabilities
    /// The nick the client now has (the requested one, or a variant if it was taken).
    public var nick: String
    /// The history epoch: ids are comparable only within one epoch. A relay that lost its
    /// history (an in-memory relay that restarted) has a new epoch, and ignores older cursors.
    public var epoch: UInt64
    /// The relay's clock, milliseconds since 1970-01-01 UTC.
    public var time: UInt64
    /// A secret to send back in HELLO.resumeToken when resuming under this nick (never 0).
    public var resumeToken: UInt64
    /// The newest id of the relay's private message sequence (0: none yet).
    public var privateLastID: UInt64
    /// How many private CHAT frames of replayed history follow this frame.
    public var privateReplayCount: UInt32
    /// How many ENTERED frames follow (one per room entered).
    public var roomCount: UInt8

    public init(
        request: UInt64 = 1, capabilities: Capabilities = [], nick: String, epoch: UInt64, time: UInt64, resumeToken: UInt64,
        privateLastID: UInt64 = 0, privateReplayCount: UInt32 = 0, roomCount: UInt8 = 1
    ) {
        self.request = request
        self.capabilities = capabilities
        self.nick = nick
        self.epoch = epoch
        self.time = time
        self.resumeToken = resumeToken
        self.privateLastID = privateLastID
        self.privateReplayCount = privateReplayCount
        self.roomCount = roomCount
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.write(capabilities.rawValue)
        w.writeString8(nick)
        w.write(epoch)
        w.write(time)
        w.write(resumeToken)
        w.write(privateLastID)
        w.write(privateReplayCount)
        w.write(roomCount)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        capabilities = Capabilities(rawValue: try r.readUInt32())
        nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
        epoch = try r.readUInt64()
        time = try r.readUInt64()
        resumeToken = try r.readUInt64()
        privateLastID = try r.readUInt64()
        privateReplayCount = try r.readUInt32()
        roomCount = try r.readUInt8()
    }
}
