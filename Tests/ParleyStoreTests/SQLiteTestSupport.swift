import Foundation
import GRDB
import ParleyStoreModel
import ParleyStoreSQLite

/// Runs `body` with a fresh temporary directory, removed afterwards.
func withTemporaryDirectory<Result>(_ body: (TemporaryDirectory) throws -> Result) throws -> Result {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    return try body(directory)
}

/// The error opening a store at `path` throws, or `nil` if it opens (then it is closed again).
func openingError(_ path: String) -> StoreError? {
    do {
        _ = try SQLiteStore(directory: path, retention: .roomy)
        return nil
    } catch {
        return error
    }
}

/// The error writing `writes` throws, or `nil` if they are kept.
func writingError(_ store: some RelayStore, _ writes: [StoreWrite]) -> StoreError? {
    do {
        try store.write(writes)
        return nil
    } catch {
        return error
    }
}

/// The permission bits of `path`.
func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int) ?? -1
}

func fileSize(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.size] as? Int) ?? -1
}

/// Records in the database at `path` that migration `identifier` was applied, as a later
/// Parley would.
func addMigrationRecord(_ identifier: String, to path: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
    }
    try queue.close()
}
