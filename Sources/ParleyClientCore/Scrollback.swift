/// The chat as the user sees it: the newest `capacity` lines, oldest first.
///
/// Every line gets the next local sequence number, so a line is found by its sequence in O(1)
/// (sequences in the buffer are contiguous). Appending is O(1); when full, the oldest line is
/// forgotten.
public struct Scrollback: Equatable, Sendable {
    /// How many lines a scrollback keeps unless told otherwise.
    public static let defaultCapacity = 10_000

    private var entries: RingBuffer<ScrollbackEntry>
    /// The sequence number the next appended line will get.
    public private(set) var nextSequence: UInt64 = 1

    /// Creates an empty scrollback keeping at most `capacity` lines.
    public init(capacity: Int = Scrollback.defaultCapacity) {
        entries = RingBuffer(capacity: capacity)
    }

    /// The most lines kept.
    public var capacity: Int { entries.capacity }

    /// Appends a line and returns it with its sequence number.
    ///
    /// - Complexity: O(1).
    @discardableResult
    public mutating func append(
        time: UInt64, kind: ScrollbackEntry.Kind, nick: String = "", text: String,
        delivery: ScrollbackEntry.Delivery? = nil, isMention: Bool = false
    ) -> ScrollbackEntry {
        let entry = ScrollbackEntry(
            sequence: nextSequence, time: time, kind: kind, nick: nick, text: text,
            delivery: delivery, isMention: isMention)
        nextSequence += 1
        entries.append(entry)
        return entry
    }

    /// The line with this sequence number, if it is still kept.
    ///
    /// - Complexity: O(1).
    public func entry(withSequence sequence: UInt64) -> ScrollbackEntry? {
        position(of: sequence).map { entries[$0] }
    }

    /// Changes a kept line in place and returns the new value, or `nil` if the line is gone.
    @discardableResult
    public mutating func modifyEntry(
        withSequence sequence: UInt64, _ change: (inout ScrollbackEntry) -> Void
    ) -> ScrollbackEntry? {
        guard let position = position(of: sequence) else { return nil }
        change(&entries[position])
        return entries[position]
    }

    /// Forgets every line (`/clear`); sequence numbers keep counting up.
    public mutating func removeAll() {
        entries.removeAll()
    }

    private func position(of sequence: UInt64) -> Int? {
        guard let first = entries.first, sequence >= first.sequence else { return nil }
        let offset = sequence - first.sequence
        return offset < UInt64(entries.count) ? Int(offset) : nil
    }
}

extension Scrollback: RandomAccessCollection {
    /// Always 0: the oldest kept line.
    public var startIndex: Int { 0 }
    /// The number of kept lines.
    public var endIndex: Int { entries.count }
    /// The line at `position`, counted from the oldest kept (0).
    public subscript(position: Int) -> ScrollbackEntry { entries[position] }
}
