import ParleyWire

/// Which window a line belongs to: a room (`#dev`), or a private conversation with one person
/// (a query, shown as `@bob`).
///
/// Names are compared as the relay compares them, ignoring ASCII case, so `#Dev` and `#dev` are
/// one window. The id keeps only the folded name; the window itself keeps the name as shown.
public struct WindowID: Hashable, Sendable, CustomStringConvertible {
    /// What the window holds.
    public enum Kind: Hashable, Sendable {
        /// A room: everyone in it reads what is said there.
        case room
        /// A private conversation with one nick.
        case query
    }

    /// Room or query.
    public let kind: Kind
    /// The case-folded room name or nick.
    public let key: String

    private init(kind: Kind, key: String) {
        self.kind = kind
        self.key = key
    }

    /// The window of the room `name` (any case).
    public static func room(_ name: String) -> WindowID { WindowID(kind: .room, key: RoomName.folded(name)) }

    /// The window of the private conversation with `nick` (any case).
    public static func query(_ nick: String) -> WindowID { WindowID(kind: .query, key: Nick.folded(nick)) }

    /// The window where everyone starts.
    public static let lobby = WindowID.room(RoomName.lobby)

    /// Whether this is a room's window.
    public var isRoom: Bool { kind == .room }

    /// `#dev` or `@bob` (folded).
    public var description: String { isRoom ? key : "@" + key }
}
