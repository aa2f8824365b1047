/// The idempotency keys most recently accepted from one nick, with the id each was given.
///
/// Bounded: when full, the oldest key is forgotten.
struct RecentKeys: Sendable {
    /// What the relay remembers of an accepted submission.
    struct Stamp: Equatable, Sendable {
        /// The folded room the message went to, or `nil` for a private message.
        var room: String?
        var id: UInt64
        var time: UInt64
    }

    private var order: ArrivalOrder<UInt64>
    private var stamps: [UInt64: Stamp] = [:]

    init(capacity: Int) {
        order = ArrivalOrder(capacity: capacity)
    }

    /// The stamp given to `key`, if it is still remembered.
    func stamp(for key: UInt64) -> Stamp? { stamps[key] }

    /// Remembers that `key` was accepted as `stamp`, forgetting the oldest key if full.
    mutating func record(_ key: UInt64, _ stamp: Stamp) {
        if stamps.updateValue(stamp, forKey: key) != nil { return }
        if let forgotten = order.add(key) { stamps[forgotten] = nil }
    }
}
