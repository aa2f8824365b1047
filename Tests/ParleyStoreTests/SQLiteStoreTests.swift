import Foundation
import ParleyStoreModel
@testable import ParleyStoreSQLite
import ParleyWire
import Testing

/// What only the SQLite store promises: durability, its files, and clear errors at open.
@Suite struct SQLiteStoreTests {
    private static let sample: [StoreWrite] = [
        Sample.message(1, in: "#a"), Sample.message(2, in: "#a"), Sample.privateMessage(1, from: "x", to: "y"),
        .topic(room: "#a", name: "#a", text: "topic", setBy: "x", time: 3),
        .submission(nick: "x", key: 1 << 63 | 9, room: "#a", id: 2, time: 4), .token(nick: "x", token: .max),
        .roomMessagesStamped(2), .seal(nick: "y"),
    ]

    @Test func reopeningAfterCloseKeepsEverything() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            let before = try {
                let store = try SQLiteStore(directory: path, retention: .roomy)
                try store.write(Self.sample)
                return try store.load()
            }()
            let after = try SQLiteStore(directory: path, retention: .roomy).load()
            #expect(after == before)
            #expect(after.rooms.first?.messages.count == 2)
        }
    }

    @Test func committedWritesSurviveACrashBeforeAnyCheckpoint() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            let store = try SQLiteStore(directory: path, retention: .roomy)
            try store.write(Self.sample)
            let before = try store.load()
            // While the store is open its commits sit in the WAL: copying the files now is what
            // a kill -9 leaves on disk.
            let wal = path + "/parley.sqlite-wal"
            #expect(try fileSize(wal) > 0)
            let crashed = temporary.file("crashed")
            try FileManager.default.createDirectory(atPath: crashed, withIntermediateDirectories: false)
            for name in ["parley.sqlite", "parley.sqlite-wal"] {
                try FileManager.default.copyItem(atPath: path + "/" + name, toPath: crashed + "/" + name)
            }
            #expect(try SQLiteStore(directory: crashed, retention: .roomy).load() == before)
            withExtendedLifetime(store) {}
        }
    }

    @Test func theEpochIsStableAcrossReopeningAndDiffersBetweenDirectories() throws {
        try withTemporaryDirectory { temporary in
            let first = try SQLiteStore(directory: temporary.file("one"), retention: .roomy).load().epoch
            let again = try SQLiteStore(directory: temporary.file("one"), retention: .roomy).load().epoch
            let other = try SQLiteStore(directory: temporary.file("two"), retention: .roomy).load().epoch
            #expect(first != 0)
            #expect(again == first)
            #expect(other != first)
        }
    }

    @Test func theDirectoryIsCreatedPrivatelyWithItsParentsAndTheFilesAreOwnerOnly() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("state/parley/data")
            let store = try SQLiteStore(directory: path, retention: .roomy)
            try store.write(Self.sample)
            for directory in ["state", "state/parley", "state/parley/data"] {
                #expect(try mode(temporary.file(directory)) == 0o700, "\(directory)")
            }
            // No shared-memory file: in exclusive locking mode the WAL index lives in the relay's memory.
            #expect(!FileManager.default.fileExists(atPath: path + "/parley.sqlite-shm"))
            for file in ["parley.sqlite", "parley.sqlite-wal", "relay.lock"] {
                #expect(try mode(path + "/" + file) == 0o600, "\(file)")
            }
        }
    }

    @Test func aSecondStoreOnTheSameDirectoryIsLockedOutUntilTheFirstIsReleased() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            var first: SQLiteStore? = try SQLiteStore(directory: path, retention: .roomy)
            try first?.write([Sample.message(1)])
            #expect(openingError(path) == .locked(directory: path))
            #expect(openingError(path)?.description.contains("--data-dir") == true)
            first = nil
            let second = try SQLiteStore(directory: path, retention: .roomy)
            #expect(try second.load().rooms.first?.lastID == 1)
        }
    }

    @Test func aFileOfGarbageIsReportedAsCorrupt() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            var generator = SystemRandomNumberGenerator()
            let garbage = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try garbage.write(to: URL(fileURLWithPath: path + "/parley.sqlite"))
            let error = openingError(path)
            guard case .corrupt(let file, _) = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                return
            }
            #expect(file == path + "/parley.sqlite")
        }
    }

    @Test(arguments: [Damage.overwrittenPages, .truncated, .overwrittenHeader])
    func aDamagedDatabaseIsReportedAsCorrupt(damage: Damage) throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            let file = path + "/parley.sqlite"
            do {
                let store = try SQLiteStore(directory: path, retention: .roomy)
                for batch in 0..<20 {
                    try store.write(
                        (1...50).map {
                            Sample.message(UInt64(batch * 50 + $0), in: "#a", text: String(repeating: "x", count: 200))
                        })
                }
            }
            #expect(!FileManager.default.fileExists(atPath: file + "-wal"), "closing checkpoints the WAL away")
            try damage.apply(to: file)
            let error = openingError(path)
            guard case .corrupt = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func aDataDirectoryThatCannotBeCreatedIsReportedAsPermission() throws {
        // Tests run as root, which ignores mode bits; a path under a regular file fails for
        // everyone (ENOTDIR), and so does a data directory that is itself a regular file.
        try withTemporaryDirectory { temporary in
            let file = temporary.file("plain-file")
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            let under = file + "/data"
            #expect(openingError(under) == .permission(path: under, reason: String(cString: strerror(ENOTDIR))))
            #expect(openingError(file) == .permission(path: file, reason: "it exists and is not a directory"))
        }
    }

    @Test func aFullDatabaseRefusesTheWholeBatchAndAcceptsWritesOnceThereIsRoom() throws {
        try withTemporaryDirectory { temporary in
            let store = try SQLiteStore(directory: temporary.file("data"), retention: .roomy)
            try store.write([Sample.message(1, in: "#a")])
            let before = try store.load()
            _ = try store.limitPages(to: try store.pageCount())
            let big =
                (2...201).map { Sample.message($0, in: "#a", text: String(repeating: "y", count: 4000)) }
                + [.token(nick: "x", token: 1), .roomMessagesStamped(201)]
            let error = writingError(store, big)
            guard case .full = error else {
                Issue.record("expected .full, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("disk is full") == true)
            #expect(try store.load() == before)
            _ = try store.limitPages(to: 1 << 30)
            try store.write(big)
            let after = try store.load()
            #expect(after.rooms.first?.messages.map(\.id) == Array(1...201))
            #expect(after.tokens == [StoredToken(nick: "x", token: 1)])
        }
    }

    @Test func aDatabaseFromANewerParleyIsRefusedAsCorrupt() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            _ = try SQLiteStore(directory: path, retention: .roomy)
            try addMigrationRecord("v999", to: path + "/parley.sqlite")
            let error = openingError(path)
            guard case .corrupt(_, let reason) = error else {
                Issue.record("expected .corrupt, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("made by a newer Parley"))
            #expect(reason.contains("v999"))
        }
    }

    @Test func aLowerRetentionAtReopeningBoundsWhatLoads() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            do {
                let store = try SQLiteStore(directory: path, retention: .roomy)
                try store.write(
                    (1...10).map { Sample.message($0, in: "#a") } + (1...5).map { .token(nick: "n\($0)", token: $0) })
            }
            let smaller = StoreRetention(messagesPerRoom: 4, submissions: 10, tokens: 2)
            let snapshot = try SQLiteStore(directory: path, retention: smaller).load()
            #expect(snapshot.rooms.first?.messages.map(\.id) == [7, 8, 9, 10])
            #expect(snapshot.tokens.map(\.token) == [4, 5])
        }
    }
}

/// Ways to damage a closed database file.
enum Damage: String, CustomStringConvertible {
    /// Pages in the middle overwritten with noise.
    case overwrittenPages
    /// The second half of the file gone.
    case truncated
    /// The 100-byte header overwritten with noise.
    case overwrittenHeader

    var description: String { rawValue }

    func apply(to path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        var generator = SystemRandomNumberGenerator()
        let noise = { (count: Int) in Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        switch self {
        case .overwrittenPages:
            try handle.seek(toOffset: 4096)
            try handle.write(contentsOf: noise(Int(size) / 2))
        case .truncated:
            try handle.truncate(atOffset: size / 2)
        case .overwrittenHeader:
            try handle.seek(toOffset: 0)
            try handle.write(contentsOf: noise(100))
        }
    }
}
