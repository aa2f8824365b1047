import ParleyWire

/// The ring of the most recent chat messages of one room (or of the private sequence), in id order.
///
/// The core stamps ids consecutively and appends every message it accepts, so the ids in the
/// ring are contiguous and a message is found by arithmetic, not by search.
///
/// A private message is replayed to whoever holds its sender's or recipient's nick. When a
/// nick's holder leaves for good, `seal(nick:)` hides that side of its private messages, so a
/// later newcomer under the same nick cannot read them.
struct History: Sendable {
    /// One kept message and which sides of it are sealed.
    struct Entry: Sendable {
        var chat: Chat
        var sealedForSender = false
        var sealedForRecipient = false
    }

    /// The most messages kept.
    let capacity: Int
    private var ring: [Entry] = []
    /// Index in `ring` of the oldest message once the ring is full.
    private var head = 0
    /// The id of the newest message appended (0: none yet).
    private(set) var lastID: UInt64 = 0

    /// An empty history whose first message will be `lastID + 1`.
    init(capacity: Int, lastID: UInt64 = 0) {
        self.lastID = lastID
        self.capacity = max(0, capacity)
        // No capacity is reserved: with a ring per room, reserving the whole ring up front would
        // let anyone who makes (empty) rooms make the relay hold ~100 KiB each.
    }

    /// How many messages the ring has room for without growing (grows with use, up to `capacity`).
    var storageCapacity: Int { ring.capacity }

    /// How many messages are kept.
    var count: Int { ring.count }

    /// The id of the oldest message kept, or `lastID + 1` when the ring is empty.
    var firstID: UInt64 { lastID + 1 - UInt64(ring.count) }

    /// Adds the newest message; its id must be `lastID + 1`.
    mutating func append(_ chat: Chat) {
        append(Entry(chat: chat))
    }

    /// Adds the newest message with its seals (restored from a store); its id must be `lastID + 1`.
    mutating func append(_ entry: Entry) {
        lastID = entry.chat.id
        guard capacity > 0 else { return }
        if ring.count < capacity {
            ring.append(entry)
        } else {
            ring[head] = entry
            head = (head + 1) % capacity
        }
    }

    /// Forgets the messages stamped before `time`, oldest first (ids stay as they were).
    ///
    /// - Returns: how many were forgotten.
    /// - Complexity: O(n) in the messages kept, when any is forgotten.
    @discardableResult
    mutating func expire(before time: UInt64) -> Int {
        var expired = 0
        while expired < ring.count && self[expired].chat.time < time { expired += 1 }
        guard expired > 0 else { return 0 }
        let kept = (expired..<ring.count).map { self[$0] }
        ring = kept
        head = 0
        return expired
    }

    /// The kept message with this id, if any.
    func chat(withID id: UInt64) -> Chat? {
        guard id >= firstID, id <= lastID, !ring.isEmpty else { return nil }
        return self[Int(id - firstID)].chat
    }

    /// The kept message with this id if `nick` (case-folded) may see it.
    func chat(withID id: UInt64, visibleTo folded: String) -> Chat? {
        guard id >= firstID, id <= lastID, !ring.isEmpty else { return nil }
        let entry = self[Int(id - firstID)]
        return History.isVisible(entry, to: folded) ? entry.chat : nil
    }

    /// The entry at `offset` from the oldest kept.
    subscript(offset: Int) -> Entry {
        ring[(head + offset) % ring.count]
    }

    /// Hides every kept private message from future holders of `nick` (case-folded).
    ///
    /// - Returns: whether any message was sealed that was not already.
    /// - Complexity: O(n) in the messages kept.
    @discardableResult
    mutating func seal(nick folded: String) -> Bool {
        var changed = false
        for index in ring.indices where ring[index].chat.isPrivate {
            if !ring[index].sealedForSender && Nick.folded(ring[index].chat.from) == folded {
                ring[index].sealedForSender = true
                changed = true
            }
            if !ring[index].sealedForRecipient && Nick.folded(ring[index].chat.to.name) == folded {
                ring[index].sealedForRecipient = true
                changed = true
            }
        }
        return changed
    }

    /// The newest kept messages that `nick` (case-folded) may see, oldest first, at most `limit`
    /// of them and at most `byteBudget` bytes of frames; only ids above `after` are considered.
    ///
    /// - Returns: the messages, and whether some eligible message had to be left out for the limits.
    func newest(after: UInt64, limit: Int, byteBudget: Int, visibleTo folded: String) -> (chats: [Chat], truncated: Bool) {
        var picked: [Chat] = []
        var bytes = 0
        var offset = ring.count - 1
        while offset >= 0 {
            let entry = self[offset]
            if entry.chat.id <= after { break }
            if History.isVisible(entry, to: folded) {
                let size = History.frameSize(of: entry.chat)
                if picked.count == limit || bytes + size > byteBudget { return (picked.reversed(), true) }
                picked.append(entry.chat)
                bytes += size
            }
            offset -= 1
        }
        return (picked.reversed(), false)
    }

    /// The oldest kept messages above `after` that `nick` (case-folded) may see, oldest first, at
    /// most `byteBudget` bytes of frames: the first part of a replay that comes in parts.
    ///
    /// - Returns: the messages, and whether some eligible message had to be left out for the budget.
    func oldest(after: UInt64, byteBudget: Int, visibleTo folded: String) -> (chats: [Chat], truncated: Bool) {
        guard after < lastID, !ring.isEmpty else { return ([], false) }
        var picked: [Chat] = []
        var bytes = 0
        var offset = after < firstID ? 0 : Int(after - firstID) + 1
        while offset < ring.count {
            let entry = self[offset]
            if History.isVisible(entry, to: folded) {
                let size = History.frameSize(of: entry.chat)
                if bytes + size > byteBudget { return (picked, true) }
                picked.append(entry.chat)
                bytes += size
            }
            offset += 1
        }
        return (picked, false)
    }

    /// Room messages are visible to all; a private one to its unsealed sender and recipient.
    static func isVisible(_ entry: Entry, to folded: String) -> Bool {
        let chat = entry.chat
        if !chat.isPrivate { return true }
        if !entry.sealedForSender && Nick.folded(chat.from) == folded { return true }
        return !entry.sealedForRecipient && Nick.folded(chat.to.name) == folded
    }

    /// The size of the CHAT frame that carries `chat`, header included.
    static func frameSize(of chat: Chat) -> Int {
        FrameHeader.size + 8 + 8 + 1 + 1 + chat.from.utf8.count + 2 + chat.to.name.utf8.count + 8 + 2 + chat.text.utf8.count
    }
}
