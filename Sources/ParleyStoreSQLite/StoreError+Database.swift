import GRDB
import ParleyStoreModel

extension StoreError {
    /// The store error a failure of SQLite (or of decoding what it returned) amounts to, for the
    /// database at `path`.
    init(_ error: any Error, path: String) {
        if let error = error as? StoreError {
            self = error
            return
        }
        if error is RowDecodingError {
            self = .corrupt(path: path, reason: "a stored row does not hold what this Parley expects: \(error)")
            return
        }
        guard let error = error as? DatabaseError else {
            self = .failed("\(error)")
            return
        }
        let detail = error.message ?? "SQLite result code \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_FULL:
            // SQLite reports a write refused with ENOSPC as SQLITE_FULL too.
            self = .full(detail)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            self = .corrupt(path: path, reason: detail)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            self = .permission(path: path, reason: detail)
        default:
            self = .failed("\(detail) (SQLite result code \(error.extendedResultCode.rawValue))")
        }
    }
}
