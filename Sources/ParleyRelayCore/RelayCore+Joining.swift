import ParleyWire

extension RelayCore {
    /// Welcomes a peer under `nick`: WELCOME, the private messages it missed, then each room it
    /// asked for (or `#lobby`) with that room's history and roster.
    mutating func welcome(_ id: PeerID, nick: String, hello: Hello, now: UInt64, into out: inout [RelayAction]) {
        guard let transport = peers[id]?.transport else { return }
        let folded = Nick.folded(nick)
        // Only the holder of the nick's latest resume token is its earlier holder: to anyone
        // else, a newcomer or a resume without the token, the private messages kept under the
        // nick are sealed. (Idempotency keys stay: a client whose very first echo was lost
        // reconnects with nothing to resume after, and must still not be broadcast twice.)
        let proven = resumeTokens.proves(hello.resumeToken, for: folded)
        if !proven && privateHistory.seal(nick: folded) { persist(.seal(nick: folded), into: &out) }
        let token = resumeTokens.issue(for: folded)
        persist(.token(nick: folded, token: token), into: &out)
        let capabilities = Capabilities(rawValue: hello.capabilities.rawValue & Capabilities.supported.rawValue)
        peers[id]?.phase = .joined
        peers[id]?.nick = nick
        peers[id]?.capabilities = capabilities
        members[folded] = id

        // Cursors from another epoch mean nothing here.
        let sameEpoch = hello.epoch == epoch
        let privateReplay: [Chat]
        if proven && transport != .line {
            let after = sameEpoch ? hello.privateAfter : 0
            privateReplay = privateHistory.newest(after: after, limit: Int.max, byteBudget: settings.replayByteBudget / 2, visibleTo: folded).chats
        } else {
            privateReplay = []
        }
        var wanted = hello.rooms.prefix(Limits.maxRoomsPerPeer).map { RoomCursor(room: $0.room, after: sameEpoch ? $0.after : 0) }
        if wanted.isEmpty { wanted = [RoomCursor(room: RoomName.lobby)] }
        var refused: [ErrorReport] = []
        var enterable: [RoomCursor] = []
        for cursor in wanted {
            if let refusal = refusal(toEnter: cursor.room, by: id, request: hello.request, now: now) {
                refused.append(refusal)
            } else if !enterable.contains(where: { RoomName.folded($0.room) == RoomName.folded(cursor.room) }) {
                enterable.append(cursor)
                // Reserve the place now, so that a later room in the list counts this one.
                createRoomIfNeeded(cursor.room, now: now, into: &out)
            }
        }
        let welcome = Welcome(
            request: hello.request, capabilities: capabilities, nick: nick, epoch: epoch, time: now, resumeToken: token,
            privateLastID: privateHistory.lastID, privateReplayCount: UInt32(privateReplay.count), roomCount: UInt8(enterable.count))
        out.append(.send(.welcome(welcome), to: id))
        for chat in privateReplay { out.append(.send(.chat(chat), to: id)) }
        out.append(.log(.joined(id, nick: nick, transport: transport)))
        for cursor in enterable {
            let history = cursor.after == 0 ? hello.history : Hello.defaultHistory
            enter(id, room: cursor.room, cursor: cursor.after, history: history, request: hello.request, charged: false, now: now, into: &out)
        }
        for refusal in refused {
            counters.rejections[refusal.code, default: 0] += 1
            out.append(.send(.error(refusal), to: id))
        }
    }

    /// `requested` if no one holds it (ignoring case), otherwise the first free variant:
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
    mutating func revoke(nick: String, into out: inout [RelayAction]) {
        let folded = Nick.folded(nick)
        if privateHistory.seal(nick: folded) { persist(.seal(nick: folded), into: &out) }
        ledger.forget(nick: folded)
        resumeTokens.revoke(folded)
        persist(.forgetSubmissions(nick: folded), into: &out)
        persist(.revokeToken(nick: folded), into: &out)
    }

    /// A guest nick such as `guest4821`; `welcome` makes it unique.
    mutating func guestNick() -> String {
        "guest\(1000 + random.next() % 9000)"
    }

    /// What a room's history gives a peer entering it, and how its cursor was met.
    ///
    /// A resume whose messages do not all fit in the replay budget gets, if the client pages
    /// (`paging`), the oldest that fit and `.more` (with `missed` counting the ids just after the
    /// cursor that are gone, if any); otherwise the newest that fit and `.gap`, as a client that
    /// does not page would have nothing better to ask for.
    func replay(
        of room: Room, after: UInt64, history requested: UInt16, for nick: String, paging: Bool
    ) -> (chats: [Chat], status: ResumeStatus, missed: UInt64) {
        let me = Nick.folded(nick)
        let budget = settings.replayByteBudget
        let history = room.history
        if after == 0 {
            let recent: Int
            switch requested {
            case Hello.defaultHistory: recent = settings.defaultReplay
            case Hello.allHistory: recent = Int.max
            default: recent = Int(requested)
            }
            return (history.newest(after: 0, limit: recent, byteBudget: budget, visibleTo: me).chats, .fresh, 0)
        }
        if after > history.lastID {
            let chats = history.newest(after: 0, limit: settings.defaultReplay, byteBudget: budget, visibleTo: me).chats
            return (chats, .gap, 0)
        }
        let (chats, truncated) =
            paging
            ? history.oldest(after: after, byteBudget: budget, visibleTo: me)
            : history.newest(after: after, limit: Int.max, byteBudget: budget, visibleTo: me)
        if paging && truncated {
            let gone = history.firstID > after + 1 ? history.firstID - 1 - after : 0
            return (chats, .more, gone)
        }
        let firstReplayed = chats.first?.id ?? history.lastID + 1
        let missed = firstReplayed - 1 - after
        return (chats, missed == 0 ? .complete : .gap, missed)
    }

    /// A Parley client entering a room larger than this gets a head count (a NOTICE) instead of
    /// the roster: one page at most per entry.
    static let rosterLimitOnJoin = Limits.maxRosterEntriesPerFrame

    /// A room's roster, in pages of at most `Limits.maxRosterEntriesPerFrame`.
    func sendRoster(of folded: String, to id: PeerID, request: UInt64, into out: inout [RelayAction]) {
        guard let room = rooms[folded] else { return }
        var entries: [RosterEntry] = []
        entries.reserveCapacity(min(room.memberCount, Limits.maxRosterEntriesPerFrame))
        let all = room.members
        for (index, member) in all.enumerated() {
            guard let peer = peers[member], let transport = peer.transport else { continue }
            entries.append(RosterEntry(nick: peer.nick, transport: transport))
            if entries.count == Limits.maxRosterEntriesPerFrame && index < all.count - 1 {
                out.append(.send(.roster(Roster(request: request, room: room.name, isFinal: false, entries: entries)), to: id))
                entries.removeAll(keepingCapacity: true)
            }
        }
        out.append(.send(.roster(Roster(request: request, room: room.name, isFinal: true, entries: entries)), to: id))
    }
}
