/// NICK: change my nick. Answered by RENAMED (to everyone who can see the change) or ERROR.
public struct NickChange: Equatable, Sendable {
    public var request: UInt64
    /// Read up to 255 bytes and checked by the relay, so a nick over the limit is `invalid nick`.
    public var nick: String

    public init(request: UInt64, nick: String) {
        self.request = request
        self.nick = nick
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(nick)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        nick = try r.readString8(field: "nick")
    }
}
