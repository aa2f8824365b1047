import ParleyWire

/// One change the relay asks its store to keep, decided by the core and applied by a store
/// shell inside a transaction with the other writes of its batch.
///
/// Rooms are named by their case-folded key (`RoomName.folded`); nicks by `Nick.folded`.
/// Private messages have the room key `StoreWrite.privateRoom` (the empty string, which no room
/// name folds to).
public enum StoreWrite: Equatable, Sendable {
    /// A stamped chat message of a room (`room` is its folded key) or, with `privateRoom`, a
    /// private one. Its id is above every id stored for that key. The room's row is created
    /// if needed (display name from `chat.to`) and its last id raised to `chat.id`.
    case message(room: String, Chat)
    /// An accepted submission: `nick`'s idempotency `key` was given `id` (and `time`) in `room`
    /// (`privateRoom` for a private message).
    case submission(nick: String, key: UInt64, room: String, id: UInt64, time: UInt64)
    /// Forget every submission of `nick` (its holder quit on purpose).
    case forgetSubmissions(nick: String)
    /// A room's topic changed (the room's row is created if needed).
    case topic(room: String, name: String, text: String, setBy: String, time: UInt64)
    /// The room was dropped to make way for another: its row and messages go.
    case dropRoom(String)
    /// Hide every stored private message of `nick` from future holders of the nick (the
    /// sender side where it is the sender, the recipient side where it is the recipient).
    case seal(nick: String)
    /// `nick`'s resume token is now `token` (replacing any earlier one).
    case token(nick: String, token: UInt64)
    /// `nick` has no resume token any more.
    case revokeToken(nick: String)
    /// Room messages stamped so far, over every room (new rooms number after it).
    case roomMessagesStamped(UInt64)
    /// Delete every message stamped before `time` (milliseconds since 1970), in every room and
    /// in the private sequence. Rooms keep their last id.
    case expire(before: UInt64)

    /// The room key of private messages.
    public static let privateRoom = ""
}
