/// Names a write the core asked its store for (`RelayAction.store`), so that the store's answer
/// (`RelayEvent.stored`, `.storeFailed`) can say how far it got.
///
/// Sequences increase with every write. A generation ends when a write fails: every write of
/// that generation not yet committed is then void (the store skips them), and the core goes on
/// in the next.
public struct StoreTicket: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var generation: UInt64
    public var sequence: UInt64

    public init(generation: UInt64, sequence: UInt64) {
        self.generation = generation
        self.sequence = sequence
    }

    public static func < (a: StoreTicket, b: StoreTicket) -> Bool { a.sequence < b.sequence }

    public var description: String { "\(generation).\(sequence)" }
}
