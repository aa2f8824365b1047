/// RENAMED: someone changed nick. Sent to everyone who shares a room with them, and to them
/// (their copy carries NICK's request id; everyone else's carries 0).
public struct Renamed: Equatable, Sendable {
    public var request: UInt64
    public var old: String
    public var new: String
    public var time: UInt64

    public init(request: UInt64 = 0, old: String, new: String, time: UInt64) {
        self.request = request
        self.old = old
        self.new = new
        self.time = time
    }

    func encode(into w: inout ByteWriter) {
        w.write(request)
        w.writeString8(old)
        w.writeString8(new)
        w.write(time)
    }

    init(from r: inout ByteReader) throws(WireError) {
        request = try r.readUInt64()
        old = try r.readString8(field: "old nick", maxBytes: Limits.maxNickLength)
        new = try r.readString8(field: "new nick", maxBytes: Limits.maxNickLength)
        time = try r.readUInt64()
    }
}
