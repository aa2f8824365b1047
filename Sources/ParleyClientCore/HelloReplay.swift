/// What is still to come of the history replayed after WELCOME: the private messages first, then
/// one ENTERED per room, each followed by that room's messages (counted by `RoomReplay`).
///
/// Pending messages are sent again only once all of it has been read.
struct HelloReplay: Equatable, Sendable {
    /// Private CHAT frames still to come.
    var privateRemaining: UInt32
    /// ENTERED frames still to come.
    var roomsRemaining: Int
    /// WELCOME's newest private id: the private cursor once the private replay is read.
    var privateLastID: UInt64
}

/// The replayed history of one room, after its ENTERED (answering HELLO or JOIN).
struct RoomReplay: Equatable, Sendable {
    /// The room's window (`nil`: a room we left meanwhile; its history is skipped).
    var window: WindowID?
    /// CHAT frames still to come.
    var remaining: UInt32
    /// ENTERED's newest id: the room's cursor once the replay is read (unless `isPartial`).
    var lastID: UInt64
    /// Whether more of the history follows this part (`.more`): once it is read, we ask for the next.
    var isPartial = false
    /// Where the window's catching up had got to before this part (to tell a part that brought
    /// nothing).
    var partAfter: UInt64 = 0
    /// Whether the replay is news (a resume after a disconnect) rather than the recent history
    /// a room shows on first entering; only news raises the window's activity.
    var isNews: Bool
}
