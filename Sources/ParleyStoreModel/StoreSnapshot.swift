import ParleyWire

/// Everything a store holds, read once at start-up to rebuild the relay core's state.
public struct StoreSnapshot: Equatable, Sendable {
    /// The history epoch of this store, drawn when it was created (never 0): ids compare only
    /// within it, and it stays the same across restarts.
    public var epoch: UInt64
    /// Room messages stamped so far, over every room.
    public var roomMessagesStamped: UInt64
    /// Every room with a stored row, by folded key.
    public var rooms: [StoredRoom]
    /// The id of the newest private message ever stored (0: none).
    public var privateLastID: UInt64
    /// The private messages kept, oldest first.
    public var privateMessages: [StoredPrivateMessage]
    /// The submissions kept, oldest first.
    public var submissions: [StoredSubmission]
    /// The resume tokens kept, oldest first (by when they were given).
    public var tokens: [StoredToken]

    public init(
        epoch: UInt64, roomMessagesStamped: UInt64 = 0, rooms: [StoredRoom] = [], privateLastID: UInt64 = 0,
        privateMessages: [StoredPrivateMessage] = [], submissions: [StoredSubmission] = [], tokens: [StoredToken] = []
    ) {
        self.epoch = epoch
        self.roomMessagesStamped = roomMessagesStamped
        self.rooms = rooms
        self.privateLastID = privateLastID
        self.privateMessages = privateMessages
        self.submissions = submissions
        self.tokens = tokens
    }
}

/// A stored room: its name, last id, topic, and its messages kept, oldest first.
public struct StoredRoom: Equatable, Sendable {
    /// The folded key.
    public var key: String
    /// The name as it was created.
    public var name: String
    /// The id of its newest message ever stored (0: none), even if retention deleted it.
    public var lastID: UInt64
    public var topic: String
    public var topicSetBy: String
    public var topicTime: UInt64
    /// Its messages kept, oldest first, with contiguous ids ending at `lastID` (or none).
    public var messages: [Chat]

    public init(key: String, name: String, lastID: UInt64, topic: String = "", topicSetBy: String = "", topicTime: UInt64 = 0, messages: [Chat] = []) {
        self.key = key
        self.name = name
        self.lastID = lastID
        self.topic = topic
        self.topicSetBy = topicSetBy
        self.topicTime = topicTime
        self.messages = messages
    }
}

/// A stored private message and which of its sides are sealed.
public struct StoredPrivateMessage: Equatable, Sendable {
    public var chat: Chat
    public var sealedForSender: Bool
    public var sealedForRecipient: Bool

    public init(chat: Chat, sealedForSender: Bool = false, sealedForRecipient: Bool = false) {
        self.chat = chat
        self.sealedForSender = sealedForSender
        self.sealedForRecipient = sealedForRecipient
    }
}

/// A stored submission (see `StoreWrite.submission`).
public struct StoredSubmission: Equatable, Sendable {
    public var nick: String
    public var key: UInt64
    public var room: String
    public var id: UInt64
    public var time: UInt64

    public init(nick: String, key: UInt64, room: String, id: UInt64, time: UInt64) {
        self.nick = nick
        self.key = key
        self.room = room
        self.id = id
        self.time = time
    }
}

extension StoredSubmission {
    /// The log entry that forgets every earlier submission of `nick` (key 0, which no
    /// submission has: request 0 names no request).
    public static func forgetting(_ nick: String) -> StoredSubmission {
        StoredSubmission(nick: nick, key: 0, room: "", id: 0, time: 0)
    }

    /// What a submission log (oldest first) stands for: the newest entry of each (nick, key),
    /// and none of a nick's entries before its forgetting, in the order of their newest entries.
    ///
    /// A store appends to the log rather than searching it, so a flood pays no index.
    public static func ledger(_ log: [StoredSubmission]) -> [StoredSubmission] {
        var kept: [StoredSubmission?] = []
        var index: [String: [UInt64: Int]] = [:]
        for entry in log {
            if entry.key == 0 {
                for position in index[entry.nick]?.values ?? [:].values { kept[position] = nil }
                index[entry.nick] = nil
                continue
            }
            if let earlier = index[entry.nick]?[entry.key] { kept[earlier] = nil }
            index[entry.nick, default: [:]][entry.key] = kept.count
            kept.append(entry)
        }
        return kept.compactMap { $0 }
    }
}

/// A stored resume token.
public struct StoredToken: Equatable, Sendable {
    public var nick: String
    public var token: UInt64

    public init(nick: String, token: UInt64) {
        self.nick = nick
        self.token = token
    }
}
