import Foundation
import GRDB
import ParleyStoreModel

/// The database's schema, as numbered migrations: a database records which of them it has had,
/// and `SQLiteStore` runs the missing ones at open.
///
/// Every 64-bit unsigned value (ids, times, keys, tokens, the epoch) is stored as the `Int64`
/// with the same bits, so it comes back exactly. SQL compares them as signed numbers, so every
/// query over a range of ids or times goes through `StoredRange`, which keeps unsigned order
/// across 2^63. Keys and tokens are only ever compared for equality.
///
/// Text a peer wrote (message and topic text) is stored as UTF-8 in a BLOB, so it comes back
/// byte for byte even if it holds U+0000, which TEXT columns would cut short on reading. Those
/// two columns may be NULL, which reads as the empty text (an empty BLOB may bind as NULL).
package enum StoreSchema {
    /// The migrations this build knows, oldest first.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: createTables)
        migrator.registerMigration("v2", migrate: indexMessageTimes)
        migrator.registerMigration("v3", migrate: appendOnlyWrites)
        migrator.registerMigration("v4", migrate: segments)
        return migrator
    }

    /// The keys of `meta`.
    enum Meta {
        static let epoch = "epoch"
        static let roomMessagesStamped = "roomMessagesStamped"
    }

    /// v1: the tables, and the epoch drawn once for the life of the database.
    private static func createTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE rooms(
                    key TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    lastID INTEGER NOT NULL,
                    topic BLOB,
                    topicSetBy TEXT NOT NULL,
                    topicTime INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE messages(
                    room TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    time INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    author TEXT NOT NULL,
                    target TEXT NOT NULL,
                    targetIsUser INTEGER NOT NULL,
                    request INTEGER NOT NULL,
                    text BLOB,
                    sealed INTEGER NOT NULL,
                    PRIMARY KEY(room, id)
                ) WITHOUT ROWID;
                CREATE TABLE submissions(
                    seq INTEGER PRIMARY KEY,
                    nick TEXT NOT NULL,
                    key INTEGER NOT NULL,
                    room TEXT NOT NULL,
                    id INTEGER NOT NULL,
                    time INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX submissionsByNickAndKey ON submissions(nick, key);
                CREATE TABLE tokens(
                    seq INTEGER PRIMARY KEY,
                    nick TEXT NOT NULL UNIQUE,
                    token INTEGER NOT NULL
                );
                """
        )
        var generator = SystemRandomNumberGenerator()
        var epoch: UInt64 = 0
        while epoch == 0 { epoch = generator.next() }
        try db.execute(
            sql: "INSERT INTO meta(key, value) VALUES (?, ?), (?, 0)",
            arguments: [Meta.epoch, Int64(bitPattern: epoch), Meta.roomMessagesStamped]
        )
    }

    /// v2: expiry (`DELETE ... WHERE time < ?`) finds old messages through an index instead
    /// of reading every row.
    private static func indexMessageTimes(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX messagesByTime ON messages(time)")
    }

    /// v3: a flood writes a message (and its submission) per row, so every index costs: expiry
    /// goes room by room in id order instead of through `messagesByTime`, and submissions are
    /// appended (the newest row of a nick's key wins, and a row with key 0 forgets the nick's
    /// earlier ones) instead of replaced through a unique index.
    private static func appendOnlyWrites(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX messagesByTime; DROP INDEX submissionsByNickAndKey")
    }

    /// v4: a room's messages are stored as segments, a row per room per transaction holding
    /// their CHAT frames (`Segment`), so that a flood costs SQLite a row per batch rather than
    /// per message. Private messages stay in `messages`, a row each. The rooms' messages of an
    /// older database move into segments of up to `Segment.messageLimit`.
    private static func segments(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE segments(
                    room TEXT NOT NULL,
                    lastID INTEGER NOT NULL,
                    firstID INTEGER NOT NULL,
                    oldest INTEGER NOT NULL,
                    newest INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    PRIMARY KEY(room, lastID)
                ) WITHOUT ROWID
                """)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, time, kind, author, target, targetIsUser, request, text, sealed, room
                FROM messages WHERE room != '' ORDER BY room, id
                """)
        var segment = Segment()
        var room = ""
        func write() throws {
            guard !segment.isEmpty else { return }
            try segment.write(to: db, room: room)
            segment = Segment()
        }
        for row in rows {
            let key = try row.decode(String.self, atIndex: 9)
            if key != room || segment.isFull {
                try write()
                room = key
            }
            segment.append(try StoreReader.message(row, room: key, path: db.description).chat)
        }
        try write()
        try db.execute(sql: "DELETE FROM messages WHERE room != ''")
    }
}
