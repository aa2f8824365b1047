import ParleyWire

extension RelayCore {
    /// Puts a peer in the room: WELCOME, replayed history, ROSTER, then JOINED to everyone else.
    mutating func join(_ id: PeerID, requested: String, hello: Hello, now: UInt64, into out: inout [RelayAction]) {
        guard let transport = peers[id]?.transport else { return }
        let nick = freeNick(near: requested)
        let folded = Nick.folded(nick)
        // Only the holder of the nick's latest resume token is its earlier holder: to anyone
        // else, a newcomer or a resume without the token, the private messages kept under the
        // nick are sealed. (Idempotency keys stay: a client whose very first echo was lost
        // reconnects with nothing to resume after, and must still not be broadcast twice.)
        if !resumeTokens.proves(hello.resumeToken, for: folded) { history.seal(nick: folded) }
        let token = resumeTokens.issue(for: folded)
        peers[id]?.phase = .joined
        peers[id]?.nick = nick
        room.insert(id)
        members[folded] = id

        let replay = self.replay(for: nick, hello: hello)
        let welcome = Welcome(
            nick: nick, lastID: history.lastID, time: now, resume: replay.status, replayCount: UInt32(replay.chats.count), resumeToken: token
        )
        out.append(.send(.welcome(welcome), to: id))
        for chat in replay.chats { out.append(.send(.chat(chat), to: id)) }
        if let notice = replay.notice { out.append(.send(.notice(notice), to: id)) }
        // A roster on every join would make a crowd's arrival quadratic (the n-th joiner would
        // be sent n entries): above a limit, a head count instead; WHO still lists everyone.
        let rosterLimit = transport == .line ? LineFormatter.rosterLimitOnJoin : RelayCore.rosterLimitOnJoin
        if room.count > rosterLimit {
            out.append(.send(.notice("\(room.count) people are here; /who lists them"), to: id))
        } else {
            sendRoster(to: id, into: &out)
        }
        announce(.joined(Joined(nick: nick, transport: transport, time: now)), except: id, into: &out)
        out.append(.log(.joined(id, nick: nick, transport: transport)))
    }

    /// `requested` if no member holds it (ignoring case), otherwise the first free variant:
    /// `alice2`, `alice3`, ... (shortened to fit the nick limit).
    func freeNick(near requested: String) -> String {
        if members[Nick.folded(requested)] == nil { return requested }
        var suffix = 2
        while true {
            let tail = String(suffix)
            let candidate = String(requested.prefix(Limits.maxNickLength - tail.count)) + tail
            if members[Nick.folded(candidate)] == nil { return candidate }
            suffix += 1
        }
    }

    /// Ends a holder's claim to `nick` when it quits on purpose: seals its private messages in
    /// the history and forgets its idempotency keys.
    mutating func revoke(nick: String) {
        let folded = Nick.folded(nick)
        history.seal(nick: folded)
        ledger.forget(nick: folded)
        resumeTokens.revoke(folded)
    }

    /// A guest nick such as `guest4821`; `join` makes it unique.
    mutating func guestNick() -> String {
        "guest\(1000 + random.next() % 9000)"
    }

    /// What history a joining peer gets, and how its resume request was met.
    func replay(for nick: String, hello: Hello) -> (chats: [Chat], status: ResumeStatus, notice: String?) {
        let me = Nick.folded(nick)
        let budget = settings.replayByteBudget
        let recent = hello.history == Hello.defaultHistory ? settings.defaultReplay : Int(hello.history)
        let after = hello.resumeAfter
        if after == 0 {
            return (history.newest(after: 0, limit: recent, byteBudget: budget, visibleTo: me).chats, .fresh, nil)
        }
        if after > history.lastID {
            let chats = history.newest(after: 0, limit: settings.defaultReplay, byteBudget: budget, visibleTo: me).chats
            let notice = "this relay has no message #\(after) (it may have restarted); older messages are gone"
            return (chats, .gap, notice)
        }
        let (chats, truncated) = history.newest(after: after, limit: Int.max, byteBudget: budget, visibleTo: me)
        let firstReplayed = chats.first?.id ?? history.lastID + 1
        let lost = after + 1 < history.firstID
        guard lost || truncated else { return (chats, .complete, nil) }
        let missing = firstReplayed - 1 == after + 1 ? "message #\(after + 1) is" : "messages #\(after + 1)–#\(firstReplayed - 1) are"
        return (chats, .gap, "you missed some messages: \(missing) no longer in the relay's history")
    }

    /// A Parley client joining a room larger than this gets a head count (a NOTICE) instead of
    /// the roster: one page at most per join.
    static let rosterLimitOnJoin = Limits.maxRosterEntriesPerFrame

    /// The roster, in pages of at most `Limits.maxRosterEntriesPerFrame`.
    func sendRoster(to id: PeerID, into out: inout [RelayAction]) {
        var entries: [RosterEntry] = []
        entries.reserveCapacity(min(room.count, Limits.maxRosterEntriesPerFrame))
        var remaining = room.count
        for member in room {
            remaining -= 1
            guard let peer = peers[member], let transport = peer.transport else { continue }
            entries.append(RosterEntry(nick: peer.nick, transport: transport))
            if entries.count == Limits.maxRosterEntriesPerFrame && remaining > 0 {
                out.append(.send(.roster(Roster(isFinal: false, entries: entries)), to: id))
                entries.removeAll(keepingCapacity: true)
            }
        }
        out.append(.send(.roster(Roster(isFinal: true, entries: entries)), to: id))
    }
}
