/// What every benchmark message carries, so a receiver can tell latency, loss, duplicates and mangling.
struct Payload: Equatable, Sendable {
    /// A random token per run: lines from another run (a relay's replayed history) are not counted.
    var run: UInt16
    /// The sending client's index.
    var sender: UInt16
    /// Per-sender sequence number, from 1.
    var sequence: UInt32
    /// CLOCK_MONOTONIC nanoseconds when the message was written.
    var sentAt: UInt64
}
