/// Why a store could not open, read or write.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The disk (or the database's size limit) is full; nothing of the failed write was kept.
    /// Writes may succeed again once space comes back.
    case full(String)
    /// Another relay holds the data directory.
    case locked(directory: String)
    /// The data directory or database file cannot be created, read or written (`errno`'s text).
    case permission(path: String, reason: String)
    /// The file is not a database this relay can read (not SQLite, damaged, or from a newer Parley).
    case corrupt(path: String, reason: String)
    /// Any other failure of the storage engine.
    case failed(String)

    public var description: String {
        switch self {
        case .full(let detail):
            return "the disk is full, so the relay cannot store messages right now (\(detail))"
        case .locked(let directory):
            return "another parley-relay is using the data directory \(directory); stop it, or give this one its own --data-dir"
        case .permission(let path, let reason):
            return "cannot use \(path): \(reason); check its owner and mode, or choose another --data-dir"
        case .corrupt(let path, let reason):
            return "\(path) is not a Parley database this relay can read (\(reason)); move it aside to start afresh, or restore a backup"
        case .failed(let detail):
            return "the store failed: \(detail)"
        }
    }
}
