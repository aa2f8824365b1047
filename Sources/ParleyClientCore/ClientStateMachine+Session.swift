import ParleyWire

extension ClientStateMachine {
    /// The relay welcomed us: the link is up. Its private replay and one ENTERED per room follow;
    /// pending messages go out again once all of that has been read.
    mutating func welcome(_ welcome: Welcome, now: UInt64, into effects: inout [ClientEffect]) {
        guard case .connecting = link, welcome.request == hello?.request else { return }
        link = .connected(since: now)
        failures = 0
        connectDeadline = nil
        let requested = preferredNick
        if !welcome.nick.isEmpty { nick = welcome.nick }
        resumeToken = welcome.resumeToken
        let verb = hasBeenWelcomed ? "reconnected" : "connected"
        show(.notice, "\(verb) to \(configuration.relayName) over \(configuration.transport) as \(nick)", now: now, into: &effects)
        if !requested.isEmpty && !Self.sameNick(requested, nick) {
            show(.notice, "the nick \(requested) is taken; you are \(nick)", now: now, into: &effects)
        }
        if epoch != 0 && welcome.epoch != epoch {
            show(
                .notice, "the relay restarted and lost its history: what was said before the restart is gone",
                now: now, into: &effects)
            resetCursors()
        }
        epoch = welcome.epoch
        hasBeenWelcomed = true
        helloReplay = HelloReplay(
            privateRemaining: welcome.privateReplayCount, roomsRemaining: Int(welcome.roomCount),
            privateLastID: welcome.privateLastID)
        if welcome.privateReplayCount == 0 { privateCursor = max(privateCursor, welcome.privateLastID) }
        replayProgressed(into: &effects)
    }

    /// A new epoch: ids start again, so every cursor does too.
    mutating func resetCursors() {
        privateCursor = 0
        for index in 0..<windows.count {
            windows.modify(at: index) { window in
                window.cursor = 0
                window.catchUp = nil
                window.enteredThisEpoch = false
            }
        }
    }

    /// We are in a room (answering HELLO or JOIN); its replayed history follows, then its roster.
    mutating func entered(_ entered: Entered, now: UInt64, into effects: inout [ClientEffect]) {
        let id = WindowID.room(entered.room)
        let isHello = entered.request != 0 && entered.request == hello?.request
        if isHello, var replay = helloReplay, replay.roomsRemaining > 0 {
            replay.roomsRemaining -= 1
            helloReplay = replay
        }
        if isHello { helloSettledRooms.insert(id.key) }
        var isJoin = false
        if case .join? = requests[entered.request] {
            requests[entered.request] = nil
            isJoin = true
        }
        noticeRoom = id
        guard let index = windowForEnteredRoom(id, name: entered.room, isHello: isHello, isJoin: isJoin, into: &effects) else {
            // A room left while HELLO or JOIN was on its way: its history is skipped.
            roomReplay = RoomReplay(window: nil, remaining: entered.replayCount, lastID: entered.lastID, isNews: false)
            finishRoomReplayIfRead(now: now, into: &effects)
            return
        }
        let window = windows[index]
        let isFirstEntry = !window.enteredThisEpoch
        if window.cursor > entered.lastID {
            // Ids never go back within an epoch; the relay knows better than our cursor.
            windows.modify(at: index) { $0.cursor = 0 }
        }
        windows.modify(at: index) { window in
            window.name = entered.room
            window.membership = .joined
            window.topic = entered.topic
            window.memberCount = Int(entered.members)
            window.enteredThisEpoch = true
        }
        if isFirstEntry {
            let people = entered.members == 1 ? "you are alone here" : "\(entered.members) here"
            show(.notice, "you joined \(entered.room) (\(people))", in: id, now: now, into: &effects)
            if !entered.topic.isEmpty { show(.notice, "topic: \(entered.topic)", in: id, now: now, into: &effects) }
        }
        if (entered.resume == .gap || entered.resume == .more) && entered.missed > 0 {
            let count = entered.missed == 1 ? "1 message" : "\(entered.missed) messages"
            show(.notice, "\(count) said here while you were away are no longer kept", in: id, activity: .joinPart, now: now, into: &effects)
        }
        var replay = RoomReplay(window: id, remaining: entered.replayCount, lastID: entered.lastID, isNews: entered.resume != .fresh)
        if entered.resume == .more {
            if windows[index].catchUp == nil {
                windows.modify(at: index) { $0.catchUp = CatchUp(after: $0.cursor, liveAfter: entered.lastID) }
                show(.notice, "catching up on \(entered.room)…", in: id, activity: .joinPart, now: now, into: &effects)
            }
            replay.isPartial = true
            replay.partAfter = windows[index].resumeCursor
        }
        roomReplay = replay
        finishRoomReplayIfRead(now: now, into: &effects)
    }

    /// The index of the window for a room the relay entered us in, opening it if need be.
    ///
    /// `nil` for a room the user left while the request was on its way: a room HELLO listed is
    /// left again here (a JOIN's was, by `/part`, which also forgot the JOIN).
    private mutating func windowForEnteredRoom(
        _ id: WindowID, name: String, isHello: Bool, isJoin: Bool, into effects: inout [ClientEffect]
    ) -> Int? {
        if let index = windows.index(of: id) { return index }
        let wasListed = hello?.rooms.contains { RoomName.folded($0) == id.key } ?? false
        // HELLO with no room listed enters `#lobby`: that one is wanted.
        if isJoin || (isHello && !wasListed) {
            guard !windows.isFull else { return nil }
            return windows.open(ChatWindow(id: id, name: name, scrollbackCapacity: configuration.scrollbackCapacity))
        }
        if isHello {
            let request = newRequest()
            requests[request] = .part(name)
            effects.append(.send(.part(Part(request: request, room: name))))
        }
        return nil
    }

    /// Counts one CHAT against the replay under way; returns whether it was replayed history, and
    /// whether that history is news.
    mutating func countReplayed() -> (isReplay: Bool, isNews: Bool) {
        if var replay = helloReplay, replay.privateRemaining > 0 {
            replay.privateRemaining -= 1
            helloReplay = replay
            return (true, true)
        }
        if var replay = roomReplay, replay.remaining > 0 {
            replay.remaining -= 1
            roomReplay = replay
            return (true, replay.isNews)
        }
        return (false, false)
    }

    /// After a replayed CHAT: moves the cursors past what was replayed once it is all read (and
    /// a room's catching up past `chat` at once).
    mutating func replayedChatRead(_ chat: Chat, now: UInt64, into effects: inout [ClientEffect]) {
        if let replay = helloReplay, replay.privateRemaining == 0 {
            privateCursor = max(privateCursor, replay.privateLastID)
        }
        if case .room(let room) = chat.to, let index = windows.index(of: .room(room)) {
            windows.modify(at: index) { window in
                if var catchUp = window.catchUp, chat.id > catchUp.after {
                    catchUp.after = chat.id
                    window.catchUp = catchUp
                }
            }
        }
        finishRoomReplayIfRead(now: now, into: &effects)
    }

    private mutating func finishRoomReplayIfRead(now: UInt64, into effects: inout [ClientEffect]) {
        guard let replay = roomReplay, replay.remaining == 0 else { return }
        roomReplay = nil
        if let id = replay.window, let index = windows.index(of: id) {
            if replay.isPartial, let catchUp = windows[index].catchUp, windows[index].membership == .joined {
                askForNextPart(of: index, catchUp: catchUp, since: replay, now: now, into: &effects)
            } else {
                windows.modify(at: index) { window in
                    window.catchUp = nil
                    window.cursor = max(window.cursor, replay.lastID)
                }
            }
        }
        replayProgressed(into: &effects)
    }

    /// A part of a room's history was read and more is kept: JOIN again after the last message
    /// replayed. A part that brought nothing (a relay whose budget is smaller than one message)
    /// would bring nothing again: the catching up ends there, and the user is told.
    private mutating func askForNextPart(
        of index: Int, catchUp: CatchUp, since part: RoomReplay, now: UInt64, into effects: inout [ClientEffect]
    ) {
        let window = windows[index]
        guard catchUp.after > part.partAfter else {
            windows.modify(at: index) { window in
                window.catchUp = nil
                window.cursor = max(window.cursor, part.lastID)
            }
            let left = catchUp.liveAfter > catchUp.after ? catchUp.liveAfter - catchUp.after : 0
            let count = left == 1 ? "1 message" : "\(left) messages"
            show(
                .notice, "\(count) said here while you were away could not be fetched: the relay sent none of them",
                in: window.id, activity: .joinPart, now: now, into: &effects)
            return
        }
        let room = window.name
        send(.join(room), now: now, into: &effects) { .join(Join(request: $0, room: room, after: catchUp.after)) }
    }

    /// Once all of HELLO's replay is read: pending messages whose echo was not in it go out
    /// again, with the same request ids, oldest first, as many as may be in flight.
    mutating func replayProgressed(into effects: inout [ClientEffect]) {
        guard let replay = helloReplay, replay.privateRemaining == 0, replay.roomsRemaining == 0, roomReplay == nil else { return }
        helloReplay = nil
        sendWaiting(into: &effects)
    }

    /// Whether a new message can go out now rather than wait for the next WELCOME and replay.
    var canSend: Bool { link.isConnected && helloReplay == nil }

    /// Sends the oldest messages waiting unsent, if they can go out now, while fewer than
    /// `Limits.maxSubmitsInFlight` are unanswered: whatever we may have to re-send after a
    /// reconnect is then among the keys the relay still remembers (PROTOCOL.md §3.2).
    mutating func sendWaiting(into effects: inout [ClientEffect]) {
        guard canSend else { return }
        for submit in outbox.markNextSent() { effects.append(.send(.submit(submit))) }
    }
}
