import GRDB
import GRDBSQLite

/// A statement bound and stepped through SQLite's C API: the hot inserts (a flood stores
/// hundreds of thousands of rows a second, and binding through `StatementArguments` boxes every
/// value), and every write of bytes (Foundation's `Data` made from a string's bytes leaks).
///
/// The statement is GRDB's cached one, so GRDB owns it (prepares it once, finalizes it with the
/// connection); this only binds, steps and resets it, inside the batch's transaction.
struct FastInsert {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// SQLite copies what it binds (the values here live only as long as the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    /// What an empty text binds to (a NULL pointer would bind SQL NULL).
    nonisolated(unsafe) private static let empty: UnsafePointer<CChar> = {
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        pointer.pointee = 0
        return UnsafePointer(pointer)
    }()

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: UInt64) {
        sqlite3_bind_int64(handle, index, Int64(bitPattern: value))
    }

    /// Text as TEXT (nicks, room names: never holding U+0000).
    func bind(_ index: Int32, text: String) {
        var text = text
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                // An empty buffer may have no address; SQLite takes a NULL pointer with length 0 as ''.
                _ = sqlite3_bind_text(handle, index, characters.baseAddress ?? Self.empty, Int32(characters.count), Self.transient)
            }
        }
    }

    /// Text a peer wrote, as a BLOB of its UTF-8 (kept byte for byte, U+0000 included); NULL when empty.
    func bind(_ index: Int32, blob text: String) {
        var text = text
        text.withUTF8 { bytes in
            if bytes.isEmpty {
                _ = sqlite3_bind_null(handle, index)
            } else {
                _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
            }
        }
    }

    /// Bytes as a BLOB.
    func bind(_ index: Int32, bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
        }
    }

    /// Runs the statement with what is bound, then makes it ready for the next row.
    func step() throws {
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) }
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
        sqlite3_reset(handle)
    }
}
