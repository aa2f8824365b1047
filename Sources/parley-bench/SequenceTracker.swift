/// The highest sequence number each receiver has seen from each sender, to tell new deliveries from
/// duplicates and to count gaps as they happen. Relays keep each sender's order, so a number at or
/// below the last one seen is a duplicate (or a reordering, which would be a relay bug too).
struct SequenceTracker: Sendable {
    private let senders: Int
    private var highest: [UInt32]

    /// Tracks `receivers` × `senders` pairs.
    init(receivers: Int, senders: Int) {
        self.senders = max(senders, 1)
        highest = [UInt32](repeating: 0, count: receivers * self.senders)
    }

    /// What one arrival was.
    enum Arrival: Equatable {
        /// The next one, or a later one after a gap of `skipped` messages.
        case new(skipped: UInt32)
        /// Already seen.
        case duplicate
        /// The sender index is not one of ours.
        case unknownSender
    }

    /// Records that `receiver` got `sequence` from `sender`.
    mutating func record(receiver: Int, sender: Int, sequence: UInt32) -> Arrival {
        guard sender < senders else { return .unknownSender }
        let slot = receiver * senders + sender
        let last = highest[slot]
        guard sequence > last else { return .duplicate }
        highest[slot] = sequence
        return .new(skipped: sequence - last - 1)
    }
}
