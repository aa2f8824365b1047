import ParleyWire

/// Recent idempotency keys per nick (case-folded), so a resubmission after a reconnect is
/// answered with the original message instead of being broadcast twice.
///
/// Bounded twice: `keysPerNick` keys for each nick, and `nickCapacity` nicks, the nick that
/// was first seen longest ago being forgotten first.
struct SubmissionLedger: Sendable {
    let keysPerNick: Int
    private var tables: [String: RecentKeys] = [:]
    private var arrival: ArrivalOrder<String>

    init(keysPerNick: Int, nickCapacity: Int) {
        self.keysPerNick = max(1, keysPerNick)
        arrival = ArrivalOrder(capacity: nickCapacity)
    }


    /// The stamp of the submission `key` from `nick`, if it was accepted recently.
    func stamp(nick: String, key: UInt64) -> RecentKeys.Stamp? {
        tables[Nick.folded(nick)]?.stamp(for: key)
    }

    /// Forgets every key of `nick`. (Its place in the arrival order is only reclaimed when it
    /// comes round; the bound on the number of tables holds regardless.)
    mutating func forget(nick: String) {
        tables[Nick.folded(nick)] = nil
    }

    /// Remembers that `nick` had `key` accepted as `stamp`.
    mutating func record(nick: String, key: UInt64, _ stamp: RecentKeys.Stamp) {
        let folded = Nick.folded(nick)
        if let index = tables.index(forKey: folded) {
            tables.values[index].record(key, stamp)
            return
        }
        if let forgotten = arrival.add(folded) { tables[forgotten] = nil }
        var keys = RecentKeys(capacity: keysPerNick)
        keys.record(key, stamp)
        tables[folded] = keys
    }
}
