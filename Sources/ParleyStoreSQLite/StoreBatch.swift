import Foundation
import GRDB
import ParleyStoreModel
import ParleyWire

/// How many submissions and tokens are stored, kept in memory so that trimming them to their
/// bounds costs nothing while they are within them.
struct StoreCounts: Equatable {
    var submissions: Int
    var tokens: Int
}

/// Applies one batch of writes inside the transaction `SQLiteStore.write` opened.
///
/// Every statement is cached by the connection, so a batch prepares nothing after the first.
/// A room's last id is read once per batch and written once at the end, with its retention.
struct StoreBatch {
    /// What the batch knows of a room it touched.
    private struct Room {
        var lastID: UInt64
        /// Whether the room has a row (it may have been created or dropped in this batch).
        var exists: Bool
        /// Whether messages were added, so its last id and retention must be written.
        var grew = false
    }

    private let db: Database
    private let retention: StoreRetention
    /// The counts after this batch, valid once `finish()` returns.
    private(set) var counts: StoreCounts
    private var rooms: [String: Room] = [:]
    private var listsGrew = false

    init(db: Database, retention: StoreRetention, counts: StoreCounts) {
        self.db = db
        self.retention = retention
        self.counts = counts
    }

    /// Applies `write`.
    ///
    /// - Throws: `StoreError.failed` for a message whose id is not above its room's last id;
    ///   a `DatabaseError` if SQLite fails. Either way the caller rolls the batch back.
    mutating func apply(_ write: StoreWrite) throws {
        switch write {
        case .message(let key, let chat):
            try insert(chat, room: key)
        case .submission(let nick, let key, let room, let id, let time):
            try run("DELETE FROM submissions WHERE nick = ? AND key = ?", [nick, Int64(bitPattern: key)])
            counts.submissions -= db.changesCount
            try run(
                "INSERT INTO submissions(nick, key, room, id, time) VALUES (?, ?, ?, ?, ?)",
                [nick, Int64(bitPattern: key), room, Int64(bitPattern: id), Int64(bitPattern: time)]
            )
            counts.submissions += 1
            listsGrew = true
        case .forgetSubmissions(let nick):
            try run("DELETE FROM submissions WHERE nick = ?", [nick])
            counts.submissions -= db.changesCount
        case .topic(let key, let name, let text, let setBy, let time):
            try run(
                """
                INSERT INTO rooms(key, name, lastID, topic, topicSetBy, topicTime) VALUES (?, ?, 0, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET topic = excluded.topic, topicSetBy = excluded.topicSetBy,
                    topicTime = excluded.topicTime
                """,
                [key, name, Data(text.utf8), setBy, Int64(bitPattern: time)]
            )
            rooms[key]?.exists = true
        case .dropRoom(let key):
            try run("DELETE FROM messages WHERE room = ?", [key])
            try run("DELETE FROM rooms WHERE key = ?", [key])
            rooms[key] = Room(lastID: 0, exists: false)
        case .seal(let nick):
            try run(
                """
                UPDATE messages SET sealed = sealed
                    | (CASE WHEN lower(author) = ?2 THEN 1 ELSE 0 END)
                    | (CASE WHEN lower(target) = ?2 THEN 2 ELSE 0 END)
                WHERE room = ?1 AND (lower(author) = ?2 OR lower(target) = ?2)
                """,
                [StoreWrite.privateRoom, nick]
            )
        case .token(let nick, let token):
            try run("DELETE FROM tokens WHERE nick = ?", [nick])
            counts.tokens -= db.changesCount
            try run("INSERT INTO tokens(nick, token) VALUES (?, ?)", [nick, Int64(bitPattern: token)])
            counts.tokens += 1
            listsGrew = true
        case .revokeToken(let nick):
            try run("DELETE FROM tokens WHERE nick = ?", [nick])
            counts.tokens -= db.changesCount
        case .roomMessagesStamped(let count):
            try run(
                "UPDATE meta SET value = ? WHERE key = ?",
                [Int64(bitPattern: count), StoreSchema.Meta.roomMessagesStamped]
            )
        case .expire(let before):
            for range in StoredRange.below(before) {
                try run("DELETE FROM messages WHERE time BETWEEN ? AND ?", [range.lowerBound, range.upperBound])
            }
        }
    }

    /// Writes the last ids of the rooms that grew and applies retention; call once, after the
    /// last `apply`.
    mutating func finish() throws {
        for (key, room) in rooms where room.grew {
            try run("UPDATE rooms SET lastID = ? WHERE key = ?", [Int64(bitPattern: room.lastID), key])
            let kept = UInt64(retention.messagesPerRoom)
            if room.lastID >= kept {
                for range in StoredRange.ranges(0...(room.lastID - kept)) {
                    try run(
                        "DELETE FROM messages WHERE room = ? AND id BETWEEN ? AND ?",
                        [key, range.lowerBound, range.upperBound]
                    )
                }
            }
        }
        guard listsGrew else { return }
        if counts.submissions > retention.submissions {
            try run(
                "DELETE FROM submissions WHERE seq IN (SELECT seq FROM submissions ORDER BY seq LIMIT ?)",
                [counts.submissions - retention.submissions]
            )
            counts.submissions -= db.changesCount
        }
        if counts.tokens > retention.tokens {
            try run(
                "DELETE FROM tokens WHERE seq IN (SELECT seq FROM tokens ORDER BY seq LIMIT ?)",
                [counts.tokens - retention.tokens]
            )
            counts.tokens -= db.changesCount
        }
    }

    private mutating func insert(_ chat: Chat, room key: String) throws {
        var room = try rooms[key] ?? storedRoom(key)
        guard chat.id > room.lastID else {
            throw StoreError.failed(
                "message \(chat.id) of room '\(key)' is not above the room's last id \(room.lastID), so its batch was not kept"
            )
        }
        if !room.exists {
            try run(
                "INSERT INTO rooms(key, name, lastID, topic, topicSetBy, topicTime) VALUES (?, ?, 0, NULL, '', 0)",
                [key, chat.to.name]
            )
            room.exists = true
        }
        try run(
            """
            INSERT INTO messages(room, id, time, kind, author, target, targetIsUser, request, text, sealed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
            """,
            [
                key, Int64(bitPattern: chat.id), Int64(bitPattern: chat.time), Int64(chat.kind.rawValue), chat.from,
                chat.to.name, chat.isPrivate, Int64(bitPattern: chat.request), Data(chat.text.utf8),
            ]
        )
        room.lastID = chat.id
        room.grew = true
        rooms[key] = room
    }

    /// The room's last id as stored before this batch touched it.
    private func storedRoom(_ key: String) throws -> Room {
        let statement = try db.cachedStatement(sql: "SELECT lastID FROM rooms WHERE key = ?")
        guard let lastID = try Int64.fetchOne(statement, arguments: [key]) else {
            return Room(lastID: 0, exists: false)
        }
        return Room(lastID: UInt64(bitPattern: lastID), exists: true)
    }

    private func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
