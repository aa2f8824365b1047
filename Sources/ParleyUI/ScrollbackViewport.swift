import ParleyClientCore

/// Which part of the scrollback is on screen: the newest lines, or a place the user
/// scrolled back to.
///
/// The client core owns the entries (a bounded ring); the viewport keeps only an anchor
/// (an entry's sequence number and a row within it) and wraps lazily: computing the visible
/// rows wraps just the entries on screen, walking back from the anchor. Entries are found
/// by binary search on their strictly increasing sequence numbers, so nothing here is
/// linear in the scrollback size. New lines arriving while scrolled up do not move the view.
public struct ScrollbackViewport: Hashable, Sendable {
    /// The bottom visible row while scrolled up.
    struct Anchor: Hashable, Sendable {
        /// The entry the bottom row belongs to.
        var sequence: UInt64
        /// The row within that entry's rows (day separator included), from 0.
        var row: Int
    }

    private(set) var anchor: Anchor?
    /// The newest sequence when the user scrolled up; newer entries count as "new".
    private(set) var baselineSequence: UInt64?

    /// Creates a viewport that follows the newest line.
    public init() {}

    /// Whether the newest line is at the bottom (new lines scroll into view).
    public var isFollowing: Bool { anchor == nil }

    /// Jumps back to the newest line.
    public mutating func follow() {
        anchor = nil
        baselineSequence = nil
    }

    /// Scrolls by `rows`: positive towards older lines, negative towards newer ones.
    /// Scrolling past the newest line returns to following; scrolling stops at the oldest.
    public mutating func scroll<Entries: RandomAccessCollection<ScrollbackEntry>>(
        by rows: Int, in entries: Entries, formatter: EntryFormatter, height: Int
    ) {
        guard rows != 0, let start = bottom(in: entries, formatter: formatter) else { return }
        var position = start
        if rows > 0 {
            var remaining = rows
            while remaining > 0 {
                if position.row > 0 {
                    let step = min(position.row, remaining)
                    position.row -= step
                    remaining -= step
                } else if position.index > entries.startIndex {
                    position.index = entries.index(before: position.index)
                    position.row = rowCount(at: position.index, in: entries, formatter: formatter) - 1
                    remaining -= 1
                } else {
                    break
                }
            }
            // Keep a full screen above the bottom row: never show blank space at the top.
            guard let minimum = lowestBottom(in: entries, formatter: formatter, height: height) else {
                return  // everything fits on one screen: nothing to scroll
            }
            if (position.index, position.row) < (minimum.index, minimum.row) {
                position = minimum
            }
            if anchor == nil {
                baselineSequence = entries.last?.sequence
            }
            setAnchor(position, in: entries, formatter: formatter)
        } else {
            guard anchor != nil else { return }
            var remaining = -rows
            let last = entries.index(before: entries.endIndex)
            while remaining > 0 {
                let count = rowCount(at: position.index, in: entries, formatter: formatter)
                if position.row < count - 1 {
                    let step = min(count - 1 - position.row, remaining)
                    position.row += step
                    remaining -= step
                } else if position.index < last {
                    position.index = entries.index(after: position.index)
                    position.row = 0
                    remaining -= 1
                } else {
                    follow()
                    return
                }
            }
            setAnchor(position, in: entries, formatter: formatter)
        }
    }

    /// The rows to show in an area `height` rows tall, top to bottom (at most `height`).
    /// When everything fits, the rows start at the top of the area.
    public func visibleRows<Entries: RandomAccessCollection<ScrollbackEntry>>(
        in entries: Entries, formatter: EntryFormatter, height: Int
    ) -> [WrappedRow] {
        guard height > 0, let position = bottom(in: entries, formatter: formatter) else { return [] }
        var collected: [[WrappedRow]] = []
        var total = 0
        var index = position.index
        var entryRows = rows(at: index, in: entries, formatter: formatter)
        let firstPart = Array(entryRows.prefix(position.row + 1))
        collected.append(firstPart)
        total += firstPart.count
        while total < height && index > entries.startIndex {
            index = entries.index(before: index)
            entryRows = rows(at: index, in: entries, formatter: formatter)
            collected.append(entryRows)
            total += entryRows.count
        }
        var result = Array(collected.reversed().joined())
        if result.count > height { result.removeFirst(result.count - height) }
        if result.count < height && anchor != nil {
            // Scrolled to the very top: fill the screen downwards from the anchor.
            var forward = Array(rows(at: position.index, in: entries, formatter: formatter).dropFirst(position.row + 1))
            var next = position.index
            while result.count + forward.count < height {
                next = entries.index(after: next)
                guard next < entries.endIndex else { break }
                forward += rows(at: next, in: entries, formatter: formatter)
            }
            result += forward.prefix(height - result.count)
        }
        return result
    }

    /// Entries that arrived since the user scrolled up (0 while following).
    public func newEntryCount<Entries: RandomAccessCollection<ScrollbackEntry>>(in entries: Entries) -> Int {
        guard anchor != nil, let baseline = baselineSequence else { return 0 }
        let first = Self.firstIndex(after: baseline, in: entries)
        return entries.distance(from: first, to: entries.endIndex)
    }

    /// Entries below the bottom of the view (0 while following).
    public func entriesBelow<Entries: RandomAccessCollection<ScrollbackEntry>>(in entries: Entries) -> Int {
        guard let anchor else { return 0 }
        let first = Self.firstIndex(after: anchor.sequence, in: entries)
        return entries.distance(from: first, to: entries.endIndex)
    }

    // MARK: - Positions

    /// The bottom visible row (entry index, row within it), or nil when there are no entries.
    private func bottom<Entries: RandomAccessCollection<ScrollbackEntry>>(
        in entries: Entries, formatter: EntryFormatter
    ) -> (index: Entries.Index, row: Int)? {
        guard !entries.isEmpty else { return nil }
        let last = entries.index(before: entries.endIndex)
        guard let anchor else {
            return (last, rowCount(at: last, in: entries, formatter: formatter) - 1)
        }
        let candidate = Self.firstIndex(atLeast: anchor.sequence, in: entries)
        if candidate == entries.endIndex {
            return (last, rowCount(at: last, in: entries, formatter: formatter) - 1)
        }
        if entries[candidate].sequence != anchor.sequence {
            // The anchored entry was dropped from the ring (or cleared): hold on to the next one.
            return (candidate, 0)
        }
        let count = rowCount(at: candidate, in: entries, formatter: formatter)
        return (candidate, min(anchor.row, count - 1))
    }

    /// The bottom position when the oldest row is at the top of a full screen, or nil if
    /// everything fits on one screen.
    private func lowestBottom<Entries: RandomAccessCollection<ScrollbackEntry>>(
        in entries: Entries, formatter: EntryFormatter, height: Int
    ) -> (index: Entries.Index, row: Int)? {
        var index = entries.startIndex
        var remaining = max(height, 1)
        while index < entries.endIndex {
            let count = rowCount(at: index, in: entries, formatter: formatter)
            if count >= remaining { return (index, remaining - 1) }
            remaining -= count
            index = entries.index(after: index)
        }
        return nil
    }

    private mutating func setAnchor<Entries: RandomAccessCollection<ScrollbackEntry>>(
        _ position: (index: Entries.Index, row: Int), in entries: Entries, formatter: EntryFormatter
    ) {
        let last = entries.index(before: entries.endIndex)
        if position.index == last && position.row >= rowCount(at: last, in: entries, formatter: formatter) - 1 {
            follow()
        } else {
            anchor = Anchor(sequence: entries[position.index].sequence, row: position.row)
        }
    }

    private func rows<Entries: RandomAccessCollection<ScrollbackEntry>>(
        at index: Entries.Index, in entries: Entries, formatter: EntryFormatter
    ) -> [WrappedRow] {
        let previous = index > entries.startIndex ? entries[entries.index(before: index)] : nil
        return formatter.rows(for: entries[index], after: previous)
    }

    private func rowCount<Entries: RandomAccessCollection<ScrollbackEntry>>(
        at index: Entries.Index, in entries: Entries, formatter: EntryFormatter
    ) -> Int {
        max(rows(at: index, in: entries, formatter: formatter).count, 1)
    }

    /// The first index whose sequence is at least `sequence` (binary search).
    static func firstIndex<Entries: RandomAccessCollection<ScrollbackEntry>>(
        atLeast sequence: UInt64, in entries: Entries
    ) -> Entries.Index {
        var low = entries.startIndex
        var count = entries.count
        while count > 0 {
            let half = count / 2
            let middle = entries.index(low, offsetBy: half)
            if entries[middle].sequence < sequence {
                low = entries.index(after: middle)
                count -= half + 1
            } else {
                count = half
            }
        }
        return low
    }

    /// The first index whose sequence is greater than `sequence`.
    static func firstIndex<Entries: RandomAccessCollection<ScrollbackEntry>>(
        after sequence: UInt64, in entries: Entries
    ) -> Entries.Index {
        sequence == .max ? entries.endIndex : firstIndex(atLeast: sequence + 1, in: entries)
    }
}
