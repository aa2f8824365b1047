import ParleyWire

/// The ring of the most recent chat messages, in id order.
///
/// The core stamps ids consecutively and appends every message it accepts, so the ids in the
/// ring are contiguous and a message is found by arithmetic, not by search.
struct History: Sendable {
    /// The most messages kept.
    let capacity: Int
    private var ring: [Chat] = []
    /// Index in `ring` of the oldest message once the ring is full.
    private var head = 0
    /// The id of the newest message appended (0: none yet).
    private(set) var lastID: UInt64 = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        ring.reserveCapacity(min(self.capacity, 4096))
    }

    /// How many messages are kept.
    var count: Int { ring.count }

    /// The id of the oldest message kept, or `lastID + 1` when the ring is empty.
    var firstID: UInt64 { lastID + 1 - UInt64(ring.count) }

    /// Adds the newest message; its id must be `lastID + 1`.
    mutating func append(_ chat: Chat) {
        lastID = chat.id
        guard capacity > 0 else { return }
        if ring.count < capacity {
            ring.append(chat)
        } else {
            ring[head] = chat
            head = (head + 1) % capacity
        }
    }

    /// The kept message with this id, if any.
    func chat(withID id: UInt64) -> Chat? {
        guard id >= firstID, id <= lastID, !ring.isEmpty else { return nil }
        return self[Int(id - firstID)]
    }

    /// The message at `offset` from the oldest kept.
    subscript(offset: Int) -> Chat {
        ring[(head + offset) % ring.count]
    }

    /// The newest kept messages that pass `isVisible`, oldest first, at most `limit` of them and
    /// at most `byteBudget` bytes of frames; only messages with an id above `after` are considered.
    ///
    /// - Returns: the messages, and whether some eligible message had to be left out for the limits.
    func newest(after: UInt64, limit: Int, byteBudget: Int, isVisible: (Chat) -> Bool) -> (chats: [Chat], truncated: Bool) {
        var picked: [Chat] = []
        var bytes = 0
        var offset = ring.count - 1
        while offset >= 0 {
            let chat = self[offset]
            if chat.id <= after { break }
            if isVisible(chat) {
                let size = History.frameSize(of: chat)
                if picked.count == limit || bytes + size > byteBudget { return (picked.reversed(), true) }
                picked.append(chat)
                bytes += size
            }
            offset -= 1
        }
        return (picked.reversed(), false)
    }

    /// The size of the CHAT frame that carries `chat`, header included.
    static func frameSize(of chat: Chat) -> Int {
        FrameHeader.size + 8 + 8 + 1 + 1 + chat.from.utf8.count + 1 + chat.target.utf8.count + 8 + 2 + chat.text.utf8.count
    }
}
