/// Lines the user sent, recalled with Up and Down like a shell.
///
/// Going up from the line being typed keeps it as a draft; coming back down past the
/// newest entry restores it. Bounded: the oldest lines are dropped beyond `limit`.
public struct InputHistory: Hashable, Sendable {
    /// How many lines are kept.
    public let limit: Int
    /// The lines, oldest first.
    public private(set) var lines: [String] = []
    /// The line being shown, or nil when the user is at the draft.
    public private(set) var position: Int?
    private var draft = ""

    /// Creates an empty history keeping at most `limit` lines.
    public init(limit: Int = 500) {
        self.limit = max(limit, 1)
    }

    /// Remembers a sent line (not repeats of the previous one) and returns to the draft.
    public mutating func record(_ line: String) {
        position = nil
        draft = ""
        guard !line.isEmpty, lines.last != line else { return }
        lines.append(line)
        if lines.count > limit { lines.removeFirst(lines.count - limit) }
    }

    /// The older line to show after Up, given what is in the editor now; nil at the oldest.
    public mutating func older(current: String) -> String? {
        guard !lines.isEmpty else { return nil }
        switch position {
        case nil:
            draft = current
            position = lines.count - 1
        case let index? where index > 0:
            position = index - 1
        default:
            return nil
        }
        return position.map { lines[$0] }
    }

    /// The newer line to show after Down (the draft after the newest); nil at the draft.
    public mutating func newer() -> String? {
        guard let index = position else { return nil }
        if index + 1 < lines.count {
            position = index + 1
            return lines[index + 1]
        }
        position = nil
        return draft
    }
}
