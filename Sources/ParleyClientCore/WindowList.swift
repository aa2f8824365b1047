/// Every open window, in the order the window list shows them, and which one is on screen.
///
/// There is always at least one window. Bounded: at most `maxWindows` (a room is refused
/// locally beyond `Limits.maxRoomsPerPeer`; a private message from yet another nick is shown in
/// the current window instead of opening one more).
public struct WindowList: Equatable, Sendable {
    /// The most windows open at once.
    public static let maxWindows = 64

    /// The windows, left to right.
    public private(set) var windows: [ChatWindow]
    /// The index of the window on screen.
    public private(set) var currentIndex = 0
    /// Counts activity rises, so that Alt-A can tell which window has waited longest.
    private var activityClock: UInt64 = 0

    /// A list holding one window.
    public init(first: ChatWindow) {
        windows = [first]
    }

    /// The window on screen.
    public var current: ChatWindow { windows[currentIndex] }

    /// How many windows are open.
    public var count: Int { windows.count }

    /// Whether another window may be opened.
    public var isFull: Bool { windows.count >= Self.maxWindows }

    /// The window at `index` (which must be valid).
    public subscript(index: Int) -> ChatWindow { windows[index] }

    /// The window with this id, if open.
    public subscript(id: WindowID) -> ChatWindow? { index(of: id).map { windows[$0] } }

    /// The index of the window with this id, if open.
    public func index(of id: WindowID) -> Int? { windows.firstIndex { $0.id == id } }

    /// Every window as the window list shows it.
    public var summaries: [WindowSummary] {
        windows.enumerated().map { $1.summary(number: $0 + 1, isCurrent: $0 == currentIndex) }
    }

    /// The room to name before a line of window `id` in line mode: its name when it is a room
    /// other than the one on screen; `nil` otherwise.
    public func roomLabel(for id: WindowID) -> String? {
        guard id.isRoom, id != current.id else { return nil }
        return self[id]?.name ?? id.key
    }

    /// The rooms we are in or about to be in, left to right.
    public var wantedRooms: [ChatWindow] { windows.filter(\.isWantedRoom) }

    /// Opens `window` at the right end (or returns the index of the open window with its id).
    @discardableResult
    mutating func open(_ window: ChatWindow) -> Int {
        if let index = index(of: window.id) { return index }
        windows.append(window)
        return windows.count - 1
    }

    /// Closes the window at `index`, unless it is the last one; the window to its left (or the
    /// new first one) is shown if it was on screen. Returns whether it was closed.
    @discardableResult
    mutating func close(at index: Int) -> Bool {
        guard windows.count > 1, windows.indices.contains(index) else { return false }
        windows.remove(at: index)
        if currentIndex > index {
            currentIndex -= 1
        } else if currentIndex == index {
            currentIndex = max(index - 1, 0)
            arrive(at: currentIndex)
        }
        return true
    }

    /// Puts the window at `index` on screen. The one left behind keeps an unread marker after
    /// its last line; the one shown has no activity any more.
    mutating func select(_ index: Int) {
        guard windows.indices.contains(index), index != currentIndex else { return }
        windows[currentIndex].unreadAfter = windows[currentIndex].scrollback.last?.sequence
        currentIndex = index
        arrive(at: index)
    }

    private mutating func arrive(at index: Int) {
        // Nothing happened there since it was left: no marker, or the next line (one's own,
        // say) would be drawn below an "unread" line it does not deserve.
        if windows[index].activity == .none && windows[index].unreadCount == 0 { windows[index].unreadAfter = nil }
        windows[index].activity = .none
        windows[index].unreadCount = 0
    }

    /// The index a selection means now, or `nil` when there is no such window (or no activity).
    public func index(for selection: WindowSelection) -> Int? {
        switch selection {
        case .number(let number):
            return windows.indices.contains(number - 1) ? number - 1 : nil
        case .previous:
            return (currentIndex + windows.count - 1) % windows.count
        case .next:
            return (currentIndex + 1) % windows.count
        case .activity:
            let candidates = windows.indices.filter { $0 != currentIndex && windows[$0].activity > .none }
            return candidates.min { a, b in
                let (x, y) = (windows[a], windows[b])
                return x.activity != y.activity ? x.activity > y.activity : x.activitySince < y.activitySince
            }
        }
    }

    /// Gives the window at `index` a new id and name (a private conversation whose person changed
    /// nick); ignored if a window with that id is open already.
    mutating func rename(at index: Int, to id: WindowID, name: String) {
        guard self.index(of: id) == nil else { return }
        windows[index].id = id
        windows[index].name = name
    }

    /// Changes the window at `index` in place.
    mutating func modify<Result>(at index: Int, _ change: (inout ChatWindow) -> Result) -> Result {
        change(&windows[index])
    }

    /// Appends a line to the window at `index`; in a window not on screen, `activity` raises its
    /// level (and messages count as unread).
    mutating func append(_ line: ScrollbackLine, at index: Int, activity: Activity) -> ScrollbackEntry {
        let entry = windows[index].scrollback.append(
            time: line.time, kind: line.kind, nick: line.nick, text: line.text, delivery: line.delivery,
            isMention: line.isMention)
        if index != currentIndex && activity > .none {
            if activity > windows[index].activity {
                activityClock += 1
                windows[index].activity = activity
                windows[index].activitySince = activityClock
            }
            if activity >= .message { windows[index].unreadCount += 1 }
        }
        return entry
    }
}
