/// Where the relay keeps what it must not lose: implemented in memory (`MemoryStore`), over
/// SQLite, and later over PostgreSQL. One conformance suite runs against each.
///
/// A store is used from one thread at a time (the relay's writer); its calls block, so they
/// never run on an event loop.
public protocol RelayStore: AnyObject {
    /// Everything kept, for rebuilding the relay's state at start-up.
    func load() throws(StoreError) -> StoreSnapshot
    /// Applies `writes` in order, in one transaction: all of them are kept, or (on a throw)
    /// none. Retention (`StoreRetention`) is applied in the same transaction.
    func write(_ writes: [StoreWrite]) throws(StoreError)
}
