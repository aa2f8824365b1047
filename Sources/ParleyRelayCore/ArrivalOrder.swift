/// The order in which at most `capacity` keys arrived: adding one to a full order forgets the
/// oldest, and says which, so the owner can drop what it kept for it.
struct ArrivalOrder<Key: Sendable>: Sendable {
    let capacity: Int
    private var keys: [Key] = []
    /// Where the oldest key is once the order is full.
    private var oldest = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds the newest key; returns the oldest one if it had to make room.
    mutating func add(_ key: Key) -> Key? {
        if keys.count < capacity {
            keys.append(key)
            return nil
        }
        let forgotten = keys[oldest]
        keys[oldest] = key
        oldest = (oldest + 1) % capacity
        return forgotten
    }
}
