import Foundation

/// A value guarded by an `NSLock`, for tests that share state between threads.
///
/// Not `Synchronization.Mutex`: that locks with a bare futex, which ThreadSanitizer cannot see, so
/// it reports accesses made under the lock as races. `NSLock` is a pthread mutex, which it models.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
