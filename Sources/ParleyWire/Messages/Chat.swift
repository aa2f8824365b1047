/// CHAT: a message the relay accepted and stamped.
public struct Chat: Equatable, Sendable {
    /// The relay's id: strictly increasing within the room (or within the private sequence, for
    /// a private message).
    public var id: UInt64
    /// When the relay accepted it, milliseconds since 1970-01-01 UTC.
    public var time: UInt64
    /// Text or action.
    public var kind: MessageKind
    /// The sender's nick, stamped by the relay.
    public var from: String
    /// The room, or the recipient of a private message.
    public var to: Destination
    /// The sender's request id (its idempotency key), so the sender recognises its own echo.
    public var request: UInt64
    /// The text.
    public var text: String

    public init(
        id: UInt64, time: UInt64, kind: MessageKind = .text, from: String, to: Destination = .room(RoomName.lobby),
        request: UInt64 = 0, text: String
    ) {
        self.id = id
        self.time = time
        self.kind = kind
        self.from = from
        self.to = to
        self.request = request
        self.text = text
    }

    /// Whether this is a private message.
    public var isPrivate: Bool { to.isPrivate }

    func encode(into w: inout ByteWriter) {
        w.write(id)
        w.write(time)
        w.write(kind.rawValue)
        w.writeString8(from)
        to.encode(into: &w)
        w.write(request)
        w.writeString16(text)
    }

    init(from r: inout ByteReader) throws(WireError) {
        id = try r.readUInt64()
        time = try r.readUInt64()
        kind = try r.readEnum(MessageKind.self, field: "kind")
        from = try r.readString8(field: "from", maxBytes: Limits.maxNickLength)
        to = try Destination.read(from: &r)
        request = try r.readUInt64()
        text = try r.readString16(field: "text", maxBytes: Limits.maxTextBytes)
    }
}
