import GRDB
import Glibc
import ParleyStoreModel

/// A `RelayStore` in an SQLite database, `parley.sqlite` inside a locked data directory.
///
/// Durability: the database runs in WAL mode with `synchronous=NORMAL`. A commit is in the
/// write-ahead log when `write` returns, so a crash of the process (even `kill -9`) loses
/// nothing that was committed. A power loss or kernel crash may lose the last commits (those
/// not yet synced at a checkpoint), but never corrupts the file: SQLite replays or discards
/// whole transactions.
///
/// Speed: each `write` is one transaction with cached statements; in a release build on a
/// small VM it keeps about 100,000 messages a second in batches of a few hundred, or about
/// 40,000 when each message comes with its submission (the submissions' index is the cost).
///
/// At open the store takes the directory's lock, runs `PRAGMA quick_check` (so a damaged file
/// is found at start-up, not in the middle of a flood of messages), refuses a database made by
/// a newer Parley, and migrates an older one.
///
/// Not `Sendable`: like every store, it is used from one thread at a time (`RelayStore`); its
/// own mutable state (the counts of submissions and tokens) is guarded by that contract.
public final class SQLiteStore: RelayStore {
    /// The database's file name inside the data directory.
    public static let databaseFileName = "parley.sqlite"

    /// The bounds applied in every write.
    public let retention: StoreRetention
    /// The database file's path.
    public let databasePath: String
    private let queue: DatabaseQueue
    private var counts: StoreCounts
    /// Holds the directory's lock; released after `deinit` has closed the database.
    private let directory: DataDirectory

    /// Opens (creating if needed) the store in the data directory at `directory`.
    ///
    /// - Throws: `StoreError.locked` if another relay holds the directory; `.permission` if the
    ///   directory or database cannot be created, read or written; `.corrupt` if the file is not
    ///   a database, is damaged, or was made by a newer Parley; `.full` if the disk is full.
    public init(directory path: String, retention: StoreRetention) throws(StoreError) {
        let directory = try DataDirectory.open(path)
        let databasePath = directory.file(Self.databaseFileName)
        try Self.createPrivately(databasePath)

        var configuration = Configuration()
        configuration.label = "parley-store"
        configuration.journalMode = .wal
        // The store is the database's only user; a lock held by anyone else is an error now,
        // not something to wait for.
        configuration.busyMode = .immediateError
        configuration.prepareDatabase { db in
            // Checkpoints (which sync) every 8000 pages (32 MiB of WAL) rather than every 1000,
            // and a 16 MiB page cache: under a flood, pages written many times between
            // checkpoints are copied into the database once.
            //
            // Exclusive locking, set before WAL mode is entered: the relay is the database's only
            // user (the directory's lock sees to that), so SQLite keeps the WAL index in its own
            // memory instead of a shared-memory file, and a transaction takes no file locks.
            // (Nothing else can read the database while the relay runs.)
            try db.execute(
                sql: """
                    PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 8000;
                    PRAGMA cache_size = -16384
                    """
            )
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: databasePath, configuration: configuration)
            try queue.inDatabase { db in try Self.checkBeforeMigrating(db, path: databasePath) }
            try StoreSchema.migrator.migrate(queue)
            counts = try queue.inDatabase { db in try Self.readCounts(db, path: databasePath) }
        } catch {
            throw StoreError(error, path: databasePath)
        }
        self.queue = queue
        self.directory = directory
        self.databasePath = databasePath
        self.retention = retention
    }

    deinit {
        // Close the connection (checkpointing the WAL) while the directory is still locked, so
        // the next relay to take the lock finds the database closed. A failure here leaves a
        // WAL that the next open replays, so there is nothing to report.
        try? queue.close()
    }

    public func load() throws(StoreError) -> StoreSnapshot {
        do {
            return try queue.inDatabase { db in
                try StoreReader(db: db, retention: retention, path: databasePath).snapshot()
            }
        } catch {
            throw StoreError(error, path: databasePath)
        }
    }

    public func write(_ writes: [StoreWrite]) throws(StoreError) {
        guard !writes.isEmpty else { return }
        var counts = self.counts
        do {
            try queue.inDatabase { db in
                try db.inTransaction(.immediate) {
                    var batch = StoreBatch(db: db, retention: retention, counts: counts, path: databasePath)
                    for write in writes { try batch.apply(write) }
                    try batch.finish()
                    counts = batch.counts
                    return .commit
                }
            }
        } catch {
            throw StoreError(error, path: databasePath)
        }
        // Only a committed batch changes the counts.
        self.counts = counts
    }

    /// For tests: caps the database at `pages` pages (`PRAGMA max_page_count`), so a write that
    /// needs more fails with SQLITE_FULL as on a full disk. Returns the cap SQLite settled on
    /// (never below the current size).
    package func limitPages(to pages: Int) throws(StoreError) -> Int {
        do {
            return try queue.inDatabase { db in
                try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(max(1, pages))") ?? 0
            }
        } catch {
            throw StoreError(error, path: databasePath)
        }
    }

    /// For tests: the database's current size in pages.
    package func pageCount() throws(StoreError) -> Int {
        do {
            return try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        } catch {
            throw StoreError(error, path: databasePath)
        }
    }

    /// Creates the database file with mode 0600 if it does not exist, so it is never readable
    /// by others, even for a moment (SQLite gives its WAL and shared-memory files the same mode).
    private static func createPrivately(_ path: String) throws(StoreError) {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .permission(path: path, reason: DataDirectory.errorText(errno))
        }
        close(descriptor)
    }

    /// Finds a damaged file, or one from a newer Parley, before any migration touches it.
    private static func checkBeforeMigrating(_ db: Database, path: String) throws {
        let problems = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard problems == ["ok"] else {
            throw StoreError.corrupt(
                path: path, reason: "SQLite's quick check found: \(problems.prefix(3).joined(separator: "; "))")
        }
        let migrator = StoreSchema.migrator
        if try migrator.hasBeenSuperseded(db) {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            let schema = unknown.joined(separator: ", ")
            throw StoreError.corrupt(
                path: path, reason: "it was made by a newer Parley (schema \(schema) is unknown here)")
        }
    }

    private static func readCounts(_ db: Database, path: String) throws -> StoreCounts {
        let epoch = try Int64.fetchOne(
            db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [StoreSchema.Meta.epoch])
        guard let epoch, epoch != 0 else {
            throw StoreError.corrupt(path: path, reason: "it has no history epoch")
        }
        return StoreCounts(
            submissions: try Int.fetchOne(db, sql: "SELECT count(*) FROM submissions") ?? 0,
            tokens: try Int.fetchOne(db, sql: "SELECT count(*) FROM tokens") ?? 0
        )
    }
}
