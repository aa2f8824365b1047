import ParleyWire

/// A `RelayStore` that keeps everything in memory: the reference the conformance suite holds
/// every other store to, and a stand-in for tests of the relay.
///
/// Nothing survives the process. A batch is validated as a whole before any of it is applied,
/// so a refused batch leaves the store as it was, like a rolled-back transaction.
///
/// Not `Sendable`: like every store, it is used from one thread at a time (`RelayStore`).
public final class MemoryStore: RelayStore {
    /// A room's row (or, under `StoreWrite.privateRoom`, the private sequence).
    private struct Room {
        var name: String
        var lastID: UInt64 = 0
        var topic = ""
        var topicSetBy = ""
        var topicTime: UInt64 = 0
        /// Oldest first; `sealed` is used by private messages only.
        var messages: [StoredPrivateMessage] = []
    }

    /// The bounds applied at the end of every batch.
    public let retention: StoreRetention
    private let epoch: UInt64
    private var roomMessagesStamped: UInt64 = 0
    private var rooms: [String: Room] = [:]
    /// Oldest first, so the newest are at the end (like a growing sequence number).
    /// The submission log, oldest first (see `StoreRetention.submissions`).
    private var submissions: [StoredSubmission] = []
    private var tokens: [StoredToken] = []

    /// Creates an empty store.
    ///
    /// - Parameters:
    ///   - epoch: the history epoch to report; `nil` or 0 draws a random one that is not 0.
    ///   - retention: how much to keep.
    public init(epoch: UInt64? = nil, retention: StoreRetention) {
        var generator = SystemRandomNumberGenerator()
        var drawn = epoch ?? 0
        while drawn == 0 { drawn = generator.next() }
        self.epoch = drawn
        self.retention = retention
    }

    public func load() throws(StoreError) -> StoreSnapshot {
        var snapshot = StoreSnapshot(epoch: epoch, roomMessagesStamped: roomMessagesStamped)
        let keys = rooms.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            guard let room = rooms[key] else { continue }
            if key == StoreWrite.privateRoom {
                snapshot.privateLastID = room.lastID
                snapshot.privateMessages = room.messages
            } else {
                snapshot.rooms.append(
                    StoredRoom(
                        key: key, name: room.name, lastID: room.lastID, topic: room.topic,
                        topicSetBy: room.topicSetBy, topicTime: room.topicTime, messages: room.messages.map(\.chat)
                    )
                )
            }
        }
        snapshot.submissions = StoredSubmission.ledger(submissions)
        snapshot.tokens = tokens
        return snapshot
    }

    public func write(_ writes: [StoreWrite]) throws(StoreError) {
        try validate(writes)
        var touched: Set<String> = []
        var listsTouched = false
        for write in writes {
            apply(write, touched: &touched, listsTouched: &listsTouched)
        }
        for key in touched {
            guard let room = rooms[key] else { continue }
            // Ids rise through the array, so what retention deletes is a prefix.
            let firstKept = room.messages.firstIndex { Self.isKept($0.chat.id, lastID: room.lastID, retention) }
            rooms[key]?.messages.removeFirst(firstKept ?? room.messages.count)
        }
        if listsTouched {
            submissions.removeFirst(max(0, submissions.count - retention.submissions))
            tokens.removeFirst(max(0, tokens.count - retention.tokens))
        }
    }

    /// Whether a message with `id` survives retention in a room whose last id is `lastID`: the
    /// rule every store applies (ids, not counts, so gaps left by expiry do not matter).
    static func isKept(_ id: UInt64, lastID: UInt64, _ retention: StoreRetention) -> Bool {
        let kept = UInt64(retention.messagesPerRoom)
        return lastID < kept || id > lastID - kept
    }

    /// Refuses the whole batch if any message's id is not above its room's last id (counting
    /// the messages and dropped rooms before it in the same batch).
    private func validate(_ writes: [StoreWrite]) throws(StoreError) {
        var lastIDs: [String: UInt64] = [:]
        for write in writes {
            switch write {
            case .message(let key, let chat):
                let last = lastIDs[key] ?? rooms[key]?.lastID ?? 0
                guard chat.id > last else {
                    throw .failed(
                        "message \(chat.id) of room '\(key)' is not above the room's last id \(last), so its batch was not kept"
                    )
                }
                lastIDs[key] = chat.id
            case .dropRoom(let key):
                lastIDs[key] = 0
            default:
                break
            }
        }
    }

    private func apply(_ write: StoreWrite, touched: inout Set<String>, listsTouched: inout Bool) {
        switch write {
        case .message(let key, let chat):
            rooms[key, default: Room(name: chat.to.name)].lastID = chat.id
            rooms[key]?.messages.append(StoredPrivateMessage(chat: chat))
            touched.insert(key)
        case .submission(let nick, let key, let room, let id, let time):
            submissions.append(StoredSubmission(nick: nick, key: key, room: room, id: id, time: time))
            listsTouched = true
        case .forgetSubmissions(let nick):
            submissions.append(StoredSubmission.forgetting(nick))
            listsTouched = true
        case .topic(let key, let name, let text, let setBy, let time):
            rooms[key, default: Room(name: name)].topic = text
            rooms[key]?.topicSetBy = setBy
            rooms[key]?.topicTime = time
        case .dropRoom(let key):
            rooms[key] = nil
        case .seal(let nick):
            guard var room = rooms[StoreWrite.privateRoom] else { return }
            for index in room.messages.indices {
                let chat = room.messages[index].chat
                if Nick.folded(chat.from) == nick { room.messages[index].sealedForSender = true }
                if Nick.folded(chat.to.name) == nick { room.messages[index].sealedForRecipient = true }
            }
            rooms[StoreWrite.privateRoom] = room
        case .token(let nick, let token):
            tokens.removeAll { $0.nick == nick }
            tokens.append(StoredToken(nick: nick, token: token))
            listsTouched = true
        case .revokeToken(let nick):
            tokens.removeAll { $0.nick == nick }
        case .roomMessagesStamped(let count):
            roomMessagesStamped = count
        case .expire(let before):
            for key in rooms.keys {
                rooms[key]?.messages.removeAll { $0.chat.time < before }
            }
        }
    }
}
