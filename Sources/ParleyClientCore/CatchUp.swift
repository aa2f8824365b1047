/// A room's resume replay that comes in parts (ENTERED `resume == .more`): where the next part
/// starts, and which ids came live meanwhile, so that each message is shown once.
///
/// While we catch up, the relay also sends what is said in the room live, and sends it again
/// in a later part. Every id above the first part's `lastID` reaches us live (we are in the
/// room), so of those, the ones up to the window's cursor were seen; below it, everything after
/// `after` is news.
struct CatchUp: Equatable, Sendable {
    /// The id of the last message replayed (at first, the cursor we resumed after): the `after`
    /// of the JOIN that asks for the next part, and of HELLO after a reconnect.
    var after: UInt64
    /// ENTERED.lastID of the first part: every later id of the room came, or comes, live.
    let liveAfter: UInt64

    /// Whether the message `id` has not been seen in a window whose newest id seen is `cursor`.
    func isNew(_ id: UInt64, cursor: UInt64) -> Bool {
        id > after && (id <= liveAfter || id > cursor)
    }
}
