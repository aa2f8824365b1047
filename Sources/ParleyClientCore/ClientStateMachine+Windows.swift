import ParleyWire

extension ClientStateMachine {
    /// Appends a line with no speaker (a notice or an error) to a window (by default the one on
    /// screen) and reports it.
    mutating func show(
        _ kind: ScrollbackEntry.Kind, _ text: String, in id: WindowID? = nil, activity: Activity = .none, now: UInt64,
        into effects: inout [ClientEffect]
    ) {
        let index = id.flatMap { windows.index(of: $0) } ?? windows.currentIndex
        append(.status(kind, text, time: now), at: index, activity: activity, into: &effects)
    }

    /// Appends `line` to the window at `index` and reports it.
    @discardableResult
    mutating func append(
        _ line: ScrollbackLine, at index: Int, activity: Activity = .none, into effects: inout [ClientEffect]
    ) -> ScrollbackEntry {
        let entry = windows.append(line, at: index, activity: activity)
        effects.append(.append(entry, in: windows[index].id))
        return entry
    }

    /// Puts the window the user asked for on screen (nothing happens when there is none).
    mutating func select(_ selection: WindowSelection) {
        guard let index = windows.index(for: selection) else { return }
        windows.select(index)
    }

    /// The index of the private conversation with `nick`, opened (but not put on screen) if it
    /// was not open; `nil` when no more windows may be opened.
    mutating func queryWindow(for nick: String) -> Int? {
        if let index = windows.index(of: .query(nick)) {
            windows.modify(at: index) { $0.name = nick }
            return index
        }
        guard !windows.isFull else { return nil }
        return windows.open(ChatWindow(id: .query(nick), name: nick, scrollbackCapacity: configuration.scrollbackCapacity))
    }

    /// The indices of the windows where `nick` is seen: the rooms whose roster holds them, and
    /// our private conversation with them.
    func windowIndices(seeing nick: String) -> [Int] {
        (0..<windows.count).filter { index in
            let window = windows[index]
            return window.id == .query(nick) || (window.id.isRoom && window.roster.contains(nick))
        }
    }

    /// `/close`: closes the window on screen; a room is left first. The last window stays.
    mutating func closeCurrentWindow(now: UInt64, into effects: inout [ClientEffect]) {
        let window = windows.current
        guard windows.count > 1 else {
            show(.error, "this is the only window; it stays open", now: now, into: &effects)
            return
        }
        if window.id.isRoom && window.membership != .left {
            part(room: window.name, reason: "", now: now, into: &effects)
        } else {
            windows.close(at: windows.currentIndex)
        }
    }
}
