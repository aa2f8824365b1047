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
        /// Its messages of this batch not yet written (rooms only; private messages are rows).
        var segment = Segment()
    }

    private let db: Database
    private let retention: StoreRetention
    /// The counts after this batch, valid once `finish()` returns.
    private(set) var counts: StoreCounts
    private var rooms: [String: Room] = [:]
    /// The room of the previous message, kept out of `rooms` while its messages come in a row
    /// (a flood in one room costs no hashing per message).
    private var current: (key: String, room: Room)?
    private var listsGrew = false
    /// The hot inserts, prepared on first use in the batch.
    private var messageInsert: FastInsert?
    private var submissionInsert: FastInsert?
    /// The database's path, for errors.
    private let path: String

    init(db: Database, retention: StoreRetention, counts: StoreCounts, path: String) {
        self.path = path
        self.db = db
        self.retention = retention
        self.counts = counts
    }

    /// Applies `write`.
    ///
    /// - Throws: `StoreError.failed` for a message whose id is not above its room's last id;
    ///   a `DatabaseError` if SQLite fails. Either way the caller rolls the batch back.
    mutating func apply(_ write: StoreWrite) throws {
        if case .message = write {} else { park() }
        switch write {
        case .message(let key, let chat):
            try insert(chat, room: key)
        case .submission(let nick, let key, let room, let id, let time):
            // Appended, never looked up: the newest row of a (nick, key) wins when loading.
            try appendSubmission(nick: nick, key: key, room: room, id: id, time: time)
        case .forgetSubmissions(let nick):
            // A row with key 0 (which no submission has) forgets the nick's earlier rows when
            // loading: one append instead of a search through every nick's rows.
            let forgetting = StoredSubmission.forgetting(nick)
            try appendSubmission(nick: nick, key: forgetting.key, room: forgetting.room, id: forgetting.id, time: forgetting.time)
        case .topic(let key, let name, let text, let setBy, let time):
            // Bound through the C API: Foundation's `Data` made from a string's bytes leaks
            // (AddressSanitizer's leak check showed it), and a topic is text a peer wrote.
            let upsert = try FastInsert(
                db,
                sql: """
                    INSERT INTO rooms(key, name, lastID, topic, topicSetBy, topicTime) VALUES (?, ?, 0, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET topic = excluded.topic, topicSetBy = excluded.topicSetBy,
                        topicTime = excluded.topicTime
                    """)
            upsert.bind(1, text: key)
            upsert.bind(2, text: name)
            upsert.bind(3, blob: text)
            upsert.bind(4, text: setBy)
            upsert.bind(5, time)
            try upsert.step()
            rooms[key]?.exists = true
        case .dropRoom(let key):
            // Whatever of it this batch had not written yet goes with it.
            try run("DELETE FROM segments WHERE room = ?", [key])
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
            try expire(before: before)
        }
    }

    /// Writes the last ids of the rooms that grew and applies retention; call once, after the
    /// last `apply`.
    mutating func finish() throws {
        park()
        for key in rooms.keys where rooms[key]!.grew {
            var room = rooms.removeValue(forKey: key)!
            try writeSegment(of: &room, key: key)
            try run("UPDATE rooms SET lastID = ? WHERE key = ?", [Int64(bitPattern: room.lastID), key])
            let kept = UInt64(retention.messagesPerRoom)
            if room.lastID >= kept {
                // A segment goes once every message in it is beyond retention (the reader
                // leaves out the older messages of the one that straddles the line).
                let table = key == StoreWrite.privateRoom ? "messages WHERE room = ? AND id" : "segments WHERE room = ? AND lastID"
                for range in StoredRange.ranges(0...(room.lastID - kept)) {
                    try run("DELETE FROM \(table) BETWEEN ? AND ?", [key, range.lowerBound, range.upperBound])
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
        // The room is taken out while it changes, so its segment's bytes are never copied.
        var room: Room
        if current?.key == key {
            room = current.take()!.room
        } else {
            park()
            room = try rooms.removeValue(forKey: key) ?? storedRoom(key)
        }
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
        guard key == StoreWrite.privateRoom else {
            room.segment.append(chat)
            room.lastID = chat.id
            room.grew = true
            if room.segment.isFull { try writeSegment(of: &room, key: key) }
            current = (key, room)
            return
        }
        if messageInsert == nil {
            messageInsert = try FastInsert(
                db,
                sql: """
                    INSERT INTO messages(room, id, time, kind, author, target, targetIsUser, request, text, sealed)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                    """)
        }
        let insert = messageInsert!
        insert.bind(1, text: key)
        insert.bind(2, chat.id)
        insert.bind(3, chat.time)
        insert.bind(4, Int64(chat.kind.rawValue))
        insert.bind(5, text: chat.from)
        insert.bind(6, text: chat.to.name)
        insert.bind(7, Int64(chat.isPrivate ? 1 : 0))
        insert.bind(8, chat.request)
        insert.bind(9, blob: chat.text)
        try insert.step()
        room.lastID = chat.id
        room.grew = true
        current = (key, room)
    }

    /// Puts the current room back with the others.
    private mutating func park() {
        guard let parked = current.take() else { return }
        rooms[parked.key] = parked.room
    }

    /// Writes the room's messages of this batch not yet written as one segment.
    private mutating func writeSegment(of room: inout Room, key: String) throws {
        guard !room.segment.isEmpty else { return }
        try room.segment.write(to: db, room: key)
        room.segment = Segment()
    }

    private mutating func appendSubmission(nick: String, key: UInt64, room: String, id: UInt64, time: UInt64) throws {
        if submissionInsert == nil {
            submissionInsert = try FastInsert(db, sql: "INSERT INTO submissions(nick, key, room, id, time) VALUES (?, ?, ?, ?, ?)")
        }
        let insert = submissionInsert!
        insert.bind(1, text: nick)
        insert.bind(2, key)
        insert.bind(3, text: room)
        insert.bind(4, id)
        insert.bind(5, time)
        try insert.step()
        counts.submissions += 1
        listsGrew = true
    }

    /// Deletes, room by room, the messages stamped before `time`. Within a room, ids grow with
    /// time, so the oldest messages go: those before the room's first message stamped at or
    /// after `time` (all of them if there is none). Costs what it deletes, with no index on time.
    private func expire(before time: UInt64) throws {
        // Rooms: a segment whose newest message is older goes; one that straddles the line is
        // written again without its older messages.
        var older: [(key: String, lastID: Int64, newest: UInt64)] = []
        for range in StoredRange.below(time) {
            let rows = try Row.fetchCursor(
                db, sql: "SELECT room, lastID, newest FROM segments WHERE oldest BETWEEN ? AND ?",
                arguments: [range.lowerBound, range.upperBound])
            while let row = try rows.next() {
                older.append(
                    (try row.decode(String.self, atIndex: 0), try row.decode(Int64.self, atIndex: 1),
                     UInt64(bitPattern: try row.decode(Int64.self, atIndex: 2))))
            }
        }
        for (key, lastID, newest) in older {
            guard newest >= time else {
                try run("DELETE FROM segments WHERE room = ? AND lastID = ?", [key, lastID])
                continue
            }
            let body = try Data.fetchOne(db, sql: "SELECT body FROM segments WHERE room = ? AND lastID = ?", arguments: [key, lastID])
            let segment = Segment(try Segment.chats(in: [UInt8](body ?? Data()), path: path).filter { $0.time >= time })
            let update = try FastInsert(
                db, sql: "UPDATE segments SET firstID = ?, oldest = ?, newest = ?, body = ? WHERE room = ? AND lastID = ?")
            update.bind(1, segment.firstID)
            update.bind(2, segment.oldest)
            update.bind(3, segment.newest)
            update.bind(4, bytes: segment.frames.bytes)
            update.bind(5, text: key)
            update.bind(6, lastID)
            try update.step()
        }
        // Private messages, a row each: ids grow with time, so the oldest go.
        for key in [StoreWrite.privateRoom] {
            let first = try Int64.fetchOne(
                db, sql: "SELECT id FROM messages WHERE room = ? AND time >= ? ORDER BY id LIMIT 1",
                arguments: [key, Int64(bitPattern: time)])
            if let first {
                try run("DELETE FROM messages WHERE room = ? AND id < ?", [key, first])
            } else {
                try run("DELETE FROM messages WHERE room = ?", [key])
            }
        }
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
