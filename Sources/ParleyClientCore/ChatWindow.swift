/// One window: a room or a private conversation, with its own scrollback, what happened there
/// while the user looked elsewhere, and (for a room) what the client knows of the room.
public struct ChatWindow: Equatable, Sendable {
    /// Whether we are in a room.
    public enum Membership: Equatable, Sendable {
        /// Asked to enter (JOIN sent, or listed in the next HELLO); messages typed here wait.
        case joining
        /// Entered: the relay sends us what is said here.
        case joined
        /// Not in the room (left it, or the relay refused us); nothing can be said here.
        case left
    }

    /// Which window this is (a private conversation's follows its person's nick changes).
    public internal(set) var id: WindowID
    /// The room's name or the nick, as last spelled by the relay (`#Dev`, `Bob`).
    public internal(set) var name: String
    /// The lines shown here, oldest first.
    public internal(set) var scrollback: Scrollback
    /// The most important thing that happened here since the user last looked.
    public internal(set) var activity: Activity = .none
    /// When `activity` reached its level, in the window list's own order (for Alt-A's ties).
    var activitySince: UInt64 = 0
    /// Messages that arrived since the user last looked.
    public internal(set) var unreadCount = 0
    /// The sequence of the last line the user saw before leaving this window: the unread marker
    /// is drawn after it (when newer lines exist); `nil` before the user ever left it.
    public internal(set) var unreadAfter: UInt64?
    /// Rooms: whether we are in it. Queries are always `.joined`.
    public internal(set) var membership: Membership
    /// Rooms: the topic (empty when none is set).
    public internal(set) var topic = ""
    /// Rooms: who is here, as the relay last told us.
    public internal(set) var roster = PeerRoster()
    /// Rooms: how many people are here, ourselves included.
    public internal(set) var memberCount = 0
    /// Rooms: the newest message id seen here (0: none); the next HELLO resumes after it, unless
    /// we are catching up.
    public internal(set) var cursor: UInt64 = 0
    /// Rooms: a resume replay coming in parts, while it does (`nil` otherwise).
    var catchUp: CatchUp?
    /// Rooms: whether the relay entered us here in its current epoch (a cursor of 0 then means
    /// "nothing said yet", not "never been here").
    var enteredThisEpoch = false

    /// A new, empty window.
    public init(id: WindowID, name: String, scrollbackCapacity: Int, membership: Membership = .joined) {
        self.id = id
        self.name = name
        self.scrollback = Scrollback(capacity: scrollbackCapacity)
        self.membership = membership
    }

    /// Rooms: the id a resume asks for the messages after: where the catching up has got to, or
    /// the newest seen.
    var resumeCursor: UInt64 { catchUp?.after ?? cursor }

    /// Rooms: whether the message `id` has not been shown here yet.
    func isNew(_ id: UInt64) -> Bool {
        catchUp?.isNew(id, cursor: cursor) ?? (id > cursor)
    }

    /// `#dev` for a room, `@bob` for a private conversation.
    public var title: String { id.isRoom ? name : "@" + name }

    /// Whether this is a room we are in or about to be in (listed in HELLO, may be spoken in).
    public var isWantedRoom: Bool { id.isRoom && membership != .left }

    /// The window-list entry for this window.
    func summary(number: Int, isCurrent: Bool) -> WindowSummary {
        WindowSummary(number: number, title: title, activity: activity, unreadCount: unreadCount, isCurrent: isCurrent)
    }
}
