import ParleyStoreModel

/// A store for a relay to keep its history in, with what it held when it was opened.
///
/// ```swift
/// let store = try SQLiteStore(directory: path, retention: configuration.storeRetention)
/// let relay = RelayServer(configuration: configuration, logger: logger, storage: try RelayStorage(store))
/// ```
///
/// The relay takes the store over: from `start` on it is used only on the relay's writer queue,
/// so nothing else may use it. A relay without one keeps everything in memory (`--ephemeral`).
public struct RelayStorage: @unchecked Sendable {
    // @unchecked: the store is handed over whole, and used on one queue at a time (here, then
    // the writer's); see `StoreWriter`.
    let store: any RelayStore
    /// What the store held, to rebuild the relay's state from.
    public let snapshot: StoreSnapshot

    /// Reads everything `store` keeps (blocking: call it before the relay starts, never on an event loop).
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public init(_ store: any RelayStore) throws(StoreError) {
        self.store = store
        self.snapshot = try store.load()
    }
}
