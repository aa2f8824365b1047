/// SUBMIT: a chat message from a client, not yet accepted.
public struct Submit: Equatable, Sendable {
    /// The request id, which is also the idempotency key: unique per message for this nick, and
    /// the same when the message is sent again after a reconnect. A resubmission is never
    /// delivered twice.
    public var request: UInt64
    /// Text or action.
    public var kind: MessageKind
    /// A room, or a nick for a private message.
    public var to: Destination
    /// The text, at most `Limits.maxTextBytes` of UTF-8; may contain newlines.
    public var text: String

    public init(request: UInt64, kind: MessageKind = .text, to: Destination = .room(RoomName.lobby), text: String) {
        self.request = request
        self.kind = kind
        self.to = to
        self.text = text
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.write(kind.rawValue)
        to.encode(into: &w)
        w.writeString16(text)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        kind = try r.readEnum(MessageKind.self, field: "kind")
        to = try Destination.read(from: &r)
        text = try r.readString16(field: "text", maxBytes: Limits.maxTextBytes)
    }
}
