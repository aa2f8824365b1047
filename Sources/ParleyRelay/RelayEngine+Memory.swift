#if canImport(Glibc)
import Glibc
#endif

extension RelayEngine {
    /// Connections opened or closed since memory was last handed back; past this, and at most
    /// once per `memoryTrimInterval`, the tick hands freed heap memory back to the system.
    static let memoryTrimChurn = 256
    /// Once connections stop opening and closing, this much churn is enough for a trim.
    static let memoryTrimChurnWhenQuiet = 16
    /// Nanoseconds between two trims at the most while churn goes on (1 s).
    static let memoryTrimInterval: UInt64 = 1_000_000_000

    /// Notes a connection opening or closing.
    func noteConnectionChurn() {
        connectionChurn += 1
    }

    /// Hands freed heap memory back to the system after a crowd joined or left.
    ///
    /// A burst of joins allocates and frees many short-lived buffers (notices, pending writes)
    /// between the long-lived per-peer state; glibc keeps the freed pages, so without a trim the
    /// relay's resident size stays at the burst's high-water mark (measured: 10,000 idle peers
    /// kept about 14 MiB of freed heap, 1.4 KiB per peer). Steady chat does not grow the heap,
    /// so this runs only after churn in the connection count, never on a busy steady path.
    ///
    /// Called every tick: trims when a crowd's churn has stopped (nothing opened or closed since
    /// the last tick), or, while churn goes on, at most once per `memoryTrimInterval`.
    func trimMemoryAfterChurn() {
        let quiet = connectionChurn == churnAtLastTick
        churnAtLastTick = connectionChurn
        let now = clock.uptimeNanoseconds
        let due = connectionChurn >= Self.memoryTrimChurn && now >= lastMemoryTrim &+ Self.memoryTrimInterval
        let settled = connectionChurn >= Self.memoryTrimChurnWhenQuiet && quiet
        // The notices announcing a crowd go out a tick or two after its last member arrived:
        // one more trim a second after the crowd settled hands back what they used.
        let followUp = pendingFollowUpTrim && quiet && now >= lastMemoryTrim &+ Self.memoryTrimInterval
        guard due || settled || followUp else { return }
        pendingFollowUpTrim = !followUp
        churnAtLastTick = 0
        connectionChurn = 0
        lastMemoryTrim = now
        _ = Self.mallocTrim?(0)
    }

    /// glibc's `malloc_trim` (not in the Glibc module's headers), looked up once; `nil` elsewhere.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
