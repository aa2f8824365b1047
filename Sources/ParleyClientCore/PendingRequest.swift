import ParleyWire

/// What one of our requests asked the relay, remembered under its request id until the reply
/// (or the refusal) comes: a reply is shown where it was asked for, and a refusal is worded from
/// its `ErrorCode` and from what we asked (never from the relay's sentence).
enum PendingRequest: Equatable, Sendable {
    /// HELLO, with the rooms it listed, in order.
    case hello(rooms: [String])
    /// A chat message (kept in the outbox; recorded here only to word its refusal).
    case submit(to: Destination)
    /// NICK: the nick asked for.
    case nick(String)
    /// JOIN: the room as typed.
    case join(String)
    /// PART: the room left.
    case part(String)
    /// WHO: the room asked about, and the window that asked.
    case who(room: String, window: WindowID)
    /// LIST, and the window that asked.
    case list(window: WindowID)
    /// TOPIC: the room, the new topic (`nil`: just asking), and the window that asked.
    case topic(room: String, newTopic: String?, window: WindowID)

    /// The most requests other than messages that may await a reply at once.
    static let limit = 256
}
