/// Where a chat message goes: a room, or one person.
///
/// On the wire: `u8` kind (1 room, 2 user), then the name as `str8`. A name is read up to 255
/// bytes and checked by the relay (`RoomName`, `Nick`), so an over-long name is refused with
/// the request's own id rather than as an undecodable frame.
public enum Destination: Hashable, Sendable, CustomStringConvertible {
    /// Everyone in the room (`#name`).
    case room(String)
    /// One person, by nick: a private message.
    case user(String)

    /// The room's or the person's name.
    public var name: String {
        switch self {
        case .room(let name), .user(let name): return name
        }
    }

    /// Whether this is a private message.
    public var isPrivate: Bool {
        if case .user = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .room(let name): return name
        case .user(let nick): return "@\(nick)"
        }
    }

    static let roomKind: UInt8 = 1
    static let userKind: UInt8 = 2

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .room(let name):
            writer.write(Self.roomKind)
            writer.writeString8(name)
        case .user(let nick):
            writer.write(Self.userKind)
            writer.writeString8(nick)
        }
    }

    static func read(from reader: inout ByteReader) throws(WireError) -> Destination {
        let kind = try reader.readUInt8()
        let name = try reader.readString8(field: "destination")
        switch kind {
        case roomKind: return .room(name)
        case userKind: return .user(name)
        default: throw .invalidValue(field: "destination kind", value: UInt64(kind))
        }
    }
}
