import ParleyWire

extension ClientStateMachine {
    /// Someone entered a room of ours.
    mutating func joined(_ joined: Joined, now: UInt64, into effects: inout [ClientEffect]) {
        guard let index = windows.index(of: .room(joined.room)) else { return }
        let isNew = !windows[index].roster.contains(joined.nick)
        windows.modify(at: index) { window in
            window.roster.add(RosterEntry(nick: joined.nick, transport: joined.transport))
            if isNew { window.memberCount += 1 }
        }
        guard !Self.sameNick(joined.nick, nick) else { return }
        let line = ScrollbackLine.status(.notice, "\(joined.nick) joined (\(joined.transport))", time: now)
        append(line, at: index, activity: .joinPart, into: &effects)
    }

    /// Someone left a room of ours (or the relay, with one LEFT per room we shared). When our
    /// preferred nick is freed that way, we ask for it back.
    mutating func left(_ left: Left, now: UInt64, into effects: inout [ClientEffect]) {
        if left.reason != .part && Self.sameNick(left.nick, preferredNick) && !Self.sameNick(nick, preferredNick)
            && link.isConnected && reclaimRequest == nil
        {
            let wanted = preferredNick
            reclaimRequest = send(.nick(wanted), now: now, into: &effects) { .nick(NickChange(request: $0, nick: wanted)) }
        }
        guard let index = windows.index(of: .room(left.room)) else { return }
        let wasKnown = windows[index].roster.contains(left.nick)
        windows.modify(at: index) { window in
            window.roster.remove(left.nick)
            if wasKnown || window.roster.count == 0 { window.memberCount = max(window.memberCount - 1, 0) }
        }
        let detail = left.detail.isEmpty ? "" : ": \(left.detail)"
        let text =
            left.reason == .part ? "\(left.nick) left \(windows[index].name)\(detail)" : "\(left.nick) left (\(left.reason)\(detail))"
        append(.status(.notice, text, time: now), at: index, activity: .joinPart, into: &effects)
    }

    /// One page of a room's roster: after ENTERED (request 0), or answering `/names`.
    mutating func roster(_ page: Roster, now: UInt64, into effects: inout [ClientEffect]) {
        let id = WindowID.room(page.room)
        if let index = windows.index(of: id) {
            windows.modify(at: index) { window in
                if window.roster.receive(page) { window.memberCount = window.roster.count }
            }
            if page.isFinal && noticeRoom == id { noticeRoom = nil }
        }
        guard page.request != 0, case .who(let room, let window)? = requests[page.request] else { return }
        var entries = whoPages[page.request] ?? []
        entries.append(contentsOf: page.entries.prefix(max(0, PeerRoster.maxEntries - entries.count)))
        guard page.isFinal else {
            whoPages[page.request] = entries
            return
        }
        whoPages[page.request] = nil
        requests[page.request] = nil
        let people = entries.sorted { Nick.folded($0.nick) < Nick.folded($1.nick) }.map { "\($0.nick) (\($0.transport))" }
        let count = people.count == 1 ? "1 here" : "\(people.count) here"
        show(.notice, "\(page.room.isEmpty ? room : page.room): \(count): \(people.joined(separator: ", "))", in: window, now: now, into: &effects)
    }

    /// One page of the relay's rooms, answering `/list`.
    mutating func rooms(_ page: RoomList, now: UInt64, into effects: inout [ClientEffect]) {
        guard case .list(let window)? = requests[page.request] else { return }
        var entries = listPages[page.request] ?? []
        entries.append(contentsOf: page.entries.prefix(max(0, Self.maxListedRooms - entries.count)))
        guard page.isFinal else {
            listPages[page.request] = entries
            return
        }
        listPages[page.request] = nil
        requests[page.request] = nil
        let heading = entries.count == 1 ? "1 room:" : "\(entries.count) rooms:"
        show(.notice, heading, in: window, now: now, into: &effects)
        for entry in entries {
            let people = entry.members == 1 ? "1 person" : "\(entry.members) people"
            let topic = entry.topic.isEmpty ? "" : " — \(entry.topic)"
            show(.notice, "  \(entry.room) (\(people))\(topic)", in: window, now: now, into: &effects)
        }
    }

    /// The most rooms `/list` shows, however many the relay sends.
    static let maxListedRooms = 10_000

    /// A room's topic: the answer to `/topic` (shown where it was asked), or a change announced
    /// to the room (shown there).
    mutating func topic(_ topic: Topic, now: UInt64, into effects: inout [ClientEffect]) {
        if topic.request != 0, case .topic(_, nil, let window)? = requests[topic.request] {
            requests[topic.request] = nil
            let text = topic.text.isEmpty ? "\(topic.room) has no topic" : "topic of \(topic.room): \(topic.text)"
            let setBy = topic.setBy.isEmpty || topic.text.isEmpty ? "" : " (set by \(topic.setBy))"
            show(.notice, text + setBy, in: window, now: now, into: &effects)
            return
        }
        if topic.request != 0 { requests[topic.request] = nil }
        guard let index = windows.index(of: .room(topic.room)) else { return }
        windows.modify(at: index) { $0.topic = topic.text }
        let who = topic.setBy.isEmpty ? "someone" : Self.sameNick(topic.setBy, nick) ? "you" : topic.setBy
        let text = topic.text.isEmpty ? "\(who) cleared the topic" : "\(who) set the topic: \(topic.text)"
        append(.status(.notice, text, time: now), at: index, activity: .joinPart, into: &effects)
    }
}
