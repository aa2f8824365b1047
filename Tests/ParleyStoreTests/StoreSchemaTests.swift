import Foundation
import GRDB
import ParleyStoreModel
@testable import ParleyStoreSQLite
import ParleyWire
import Testing

/// Every earlier schema opens, migrates, keeps its data and takes new writes.
@Suite struct StoreSchemaTests {
    /// Rows valid at v1 (and nothing newer).
    private static let rowsOfV1: @Sendable (Database) throws -> Void = { db in
        try db.execute(
            sql: """
                UPDATE meta SET value = 42 WHERE key = 'epoch';
                UPDATE meta SET value = 7 WHERE key = 'roomMessagesStamped';
                INSERT INTO rooms(key, name, lastID, topic, topicSetBy, topicTime)
                    VALUES ('#lobby', '#Lobby', 2, CAST('old topic' AS BLOB), 'alice', 5),
                           ('', '', 1, NULL, '', 0);
                INSERT INTO messages(room, id, time, kind, author, target, targetIsUser, request, text, sealed)
                    VALUES ('#lobby', 1, 100, 1, 'alice', '#Lobby', 0, 11, CAST('hello' AS BLOB), 0),
                           ('#lobby', 2, 200, 2, 'bob', '#Lobby', 0, -1, CAST('waves' AS BLOB), 0),
                           ('', 1, 150, 1, 'alice', 'bob', 1, 12, CAST('psst' AS BLOB), 1);
                INSERT INTO submissions(nick, key, room, id, time) VALUES ('alice', -2, '#lobby', 1, 100);
                INSERT INTO tokens(nick, token) VALUES ('alice', 99);
                """
        )
    }

    /// For each migration but the newest: writes rows valid at that version (and nothing newer).
    /// Adding a migration means adding a writer here for the version before it. (v2 and v3 only
    /// changed indexes, so v1's rows are valid at both; v4 moves rooms' rows into segments.)
    private static let writers: [String: @Sendable (Database) throws -> Void] = ["v1": rowsOfV1, "v2": rowsOfV1, "v3": rowsOfV1]

    /// What the v1 rows above load as.
    private static let expectedFromV1 = StoreSnapshot(
        epoch: 42, roomMessagesStamped: 7,
        rooms: [
            StoredRoom(
                key: "#lobby", name: "#Lobby", lastID: 2, topic: "old topic", topicSetBy: "alice", topicTime: 5,
                messages: [
                    Chat(id: 1, time: 100, from: "alice", to: .room("#Lobby"), request: 11, text: "hello"),
                    Chat(
                        id: 2, time: 200, kind: .action, from: "bob", to: .room("#Lobby"), request: .max, text: "waves"),
                ]
            )
        ],
        privateLastID: 1,
        privateMessages: [
            StoredPrivateMessage(
                chat: Chat(id: 1, time: 150, from: "alice", to: .user("bob"), request: 12, text: "psst"),
                sealedForSender: true
            )
        ],
        submissions: [StoredSubmission(nick: "alice", key: .max - 1, room: "#lobby", id: 1, time: 100)],
        tokens: [StoredToken(nick: "alice", token: 99)]
    )

    @Test func migrationsAreNumberedAndEveryEarlierVersionHasTestData() {
        let migrations = StoreSchema.migrator.migrations
        #expect(migrations.count >= 2)
        #expect(migrations == migrations.indices.map { "v\($0 + 1)" })
        #expect(Set(Self.writers.keys) == Set(migrations.dropLast()))
    }

    @Test(arguments: StoreSchema.migrator.migrations.dropLast())
    func aDatabaseAtAnEarlierVersionOpensMigratedWithItsDataAndTakesWrites(version: String) throws {
        let writer = try #require(Self.writers[version])
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            let file = path + "/parley.sqlite"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let old = try DatabaseQueue(path: file)
            try StoreSchema.migrator.migrate(old, upTo: version)
            try old.write(writer)
            #expect(try old.read { db in try StoreSchema.migrator.appliedMigrations(db) }.last == version)
            try old.close()

            do {
                let store = try SQLiteStore(directory: path, retention: .roomy)
                #expect(try store.load() == Self.expectedFromV1)
                try store.write([
                    Sample.message(3, in: "#Lobby", time: 300), Sample.privateMessage(2, from: "bob", to: "alice"),
                    .token(nick: "bob", token: 5), .submission(nick: "bob", key: 1, room: "#lobby", id: 3, time: 300),
                    .expire(before: 150),
                ])
                let snapshot = try store.load()
                #expect(snapshot.rooms.first?.messages.map(\.id) == [2, 3])
                #expect(snapshot.privateMessages.map(\.chat.id) == [1, 2])
                #expect(snapshot.tokens.map(\.nick) == ["alice", "bob"])
                #expect(snapshot.submissions.count == 2)
            }

            let migrated = try DatabaseQueue(path: file)
            #expect(
                try migrated.read { db in try StoreSchema.migrator.appliedMigrations(db) }
                    == StoreSchema.migrator.migrations)
            try migrated.close()
        }
    }

    @Test func aNewDatabaseHasEveryMigrationApplied() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            _ = try SQLiteStore(directory: path, retention: .roomy)
            let queue = try DatabaseQueue(path: path + "/parley.sqlite")
            #expect(try queue.read { db in try StoreSchema.migrator.hasCompletedMigrations(db) })
            // v3 dropped the indexes every flooded row paid for.
            let messageIndexes = try queue.read { db in try db.indexes(on: "messages").map(\.name) }
            let submissionIndexes = try queue.read { db in try db.indexes(on: "submissions").map(\.name) }
            #expect(!messageIndexes.contains("messagesByTime"))
            #expect(!submissionIndexes.contains("submissionsByNickAndKey"))
            try queue.close()
        }
    }
}
