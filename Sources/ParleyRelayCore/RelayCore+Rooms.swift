import ParleyWire

extension RelayCore {
    /// Why `id` cannot enter `name` now, or `nil` if it can.
    func refusal(toEnter name: String, by id: PeerID, request: UInt64, now: UInt64) -> ErrorReport? {
        if let problem = RoomName.problem(with: name) {
            return ErrorReport(request: request, code: .invalidRoom, text: problem)
        }
        let folded = RoomName.folded(name)
        guard let peer = peers[id], !peer.isIn(folded) else { return nil }
        if peer.rooms.count >= Limits.maxRoomsPerPeer {
            return ErrorReport(request: request, code: .tooManyRooms, text: "you are in \(Limits.maxRoomsPerPeer) rooms already; /part one first")
        }
        if rooms[folded] == nil && rooms.count >= settings.maxRooms && evictableRoom() == nil {
            return ErrorReport(request: request, code: .relayRoomsFull, text: "the relay holds \(settings.maxRooms) rooms, all in use; try an existing room")
        }
        return nil
    }

    /// The empty room (never `#lobby`) that has been empty longest, if any.
    func evictableRoom() -> String? {
        var oldest: (folded: String, since: UInt64)?
        for (folded, room) in rooms where folded != RoomName.lobby {
            guard let since = room.emptySince else { continue }
            if oldest == nil || since < oldest!.since || (since == oldest!.since && folded < oldest!.folded) {
                oldest = (folded, since)
            }
        }
        return oldest?.folded
    }

    /// Makes the room if it does not exist, first dropping the room empty longest if the relay
    /// is at its limit (callers checked `refusal(toEnter:)`).
    mutating func createRoomIfNeeded(_ name: String, now: UInt64, into out: inout [RelayAction]) {
        let folded = RoomName.folded(name)
        guard rooms[folded] == nil else { return }
        if rooms.count >= settings.maxRooms, let victim = evictableRoom(), let dropped = rooms.removeValue(forKey: victim) {
            out.append(.log(.roomDropped(room: dropped.name)))
            // The count goes first: a room made again under this name numbers after it.
            persist(.roomMessagesStamped(roomMessagesStamped), into: &out)
            persist(.dropRoom(victim), into: &out)
        }
        var room = Room(name: name, capacity: settings.historyCapacity, idsAfter: roomMessagesStamped, now: now)
        room.emptySince = now
        rooms[folded] = room
        out.append(.log(.roomCreated(room: name)))
    }

    /// JOIN (or a room of HELLO): ENTERED, the room's history after `cursor`, its roster, and
    /// JOINED to the others. Entering a room already entered replays again and tells no one.
    mutating func enter(
        _ id: PeerID, room name: String, cursor: UInt64, history: UInt16, request: UInt64, charged: Bool = true, now: UInt64,
        into out: inout [RelayAction]
    ) {
        guard let peer = peers[id], let transport = peer.transport else { return }
        if let refusal = refusal(toEnter: name, by: id, request: request, now: now) {
            reject(id, code: refusal.code, request: request, text: refusal.text, now: now, into: &out)
            return
        }
        let folded = RoomName.folded(name)
        let alreadyIn = peer.isIn(folded)
        if !alreadyIn {
            guard !charged || admit(id, now: now) else {
                reject(id, code: .rateLimited, request: request, text: "too many requests; you did not enter \(name)", now: now, into: &out)
                return
            }
            createRoomIfNeeded(name, now: now, into: &out)
            if peer.isFramed { rooms[folded]?.add(id) } else { rooms[folded]?.addLine(id, isCurrent: false) }
            peers[id]?.rooms.append(folded)
        }
        if transport == .line { focus(id, room: folded, query: nil) }
        guard let room = rooms[folded] else { return }
        let paging = peer.capabilities.contains(.pagedReplay)
        let replay = self.replay(of: room, after: cursor, history: history, for: peer.nick, paging: paging)
        let entered = Entered(
            request: request, room: room.name, topic: room.topic, lastID: room.history.lastID, resume: replay.status,
            missed: replay.missed, replayCount: UInt32(replay.chats.count), members: UInt32(room.memberCount))
        out.append(.send(.entered(entered), to: id))
        for chat in replay.chats { out.append(.send(.chat(chat), to: id)) }
        // A roster on every entry would make a crowd's arrival quadratic (the n-th joiner would
        // be sent n entries): above a limit, a head count instead; WHO still lists everyone.
        let rosterLimit = transport == .line ? LineFormatter.rosterLimitOnJoin : RelayCore.rosterLimitOnJoin
        if room.memberCount > rosterLimit {
            out.append(.send(.notice("\(room.memberCount) people are in \(room.name); /names lists them"), to: id))
        } else {
            sendRoster(of: folded, to: id, request: 0, into: &out)
        }
        guard !alreadyIn else { return }
        announce(.joined(Joined(room: room.name, nick: peer.nick, transport: transport, time: now)), in: folded, except: id, into: &out)
        out.append(.log(.joinedRoom(id, nick: peer.nick, room: room.name)))
    }

    /// PART: leave a room; OK to the parter, LEFT (reason part) to the others.
    mutating func leave(_ id: PeerID, room name: String, reason: String, request: UInt64, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id] else { return }
        let folded = RoomName.folded(name)
        guard rooms[folded] != nil else {
            reject(id, code: .noSuchRoom, request: request, text: "there is no room \(name)", now: now, into: &out)
            return
        }
        guard peer.isIn(folded), var room = rooms[folded] else {
            reject(id, code: .notInRoom, request: request, text: "you are not in \(name)", now: now, into: &out)
            return
        }
        let detail = reason.truncatedUTF8(maxBytes: Limits.maxDetailBytes)
        room.remove(id, now: now)
        rooms[folded] = room
        peers[id]?.rooms.removeAll { $0 == folded }
        if let line = peers[id], line.currentRoom == folded { focus(id, room: line.rooms.last, query: line.query) }
        out.append(.send(.done(request), to: id))
        announce(.left(Left(room: room.name, nick: peer.nick, reason: .part, detail: detail, time: now)), in: folded, except: nil, into: &out)
        out.append(.log(.partedRoom(id, nick: peer.nick, room: room.name, detail: detail)))
    }

    /// WHO: the roster of any existing room.
    mutating func who(_ id: PeerID, room name: String, request: UInt64, now: UInt64, into out: inout [RelayAction]) {
        guard admit(id, now: now) else {
            reject(id, code: .rateLimited, request: request, text: "too many requests; /names was not answered", now: now, into: &out)
            return
        }
        let folded = RoomName.folded(name)
        guard rooms[folded] != nil else {
            reject(id, code: .noSuchRoom, request: request, text: "there is no room \(name)", now: now, into: &out)
            return
        }
        sendRoster(of: folded, to: id, request: request, into: &out)
    }

    /// LIST: every room, its head count and topic, sorted by name, in pages.
    mutating func listRooms(for id: PeerID, request: UInt64, now: UInt64, into out: inout [RelayAction]) {
        guard admit(id, now: now) else {
            reject(id, code: .rateLimited, request: request, text: "too many requests; /list was not answered", now: now, into: &out)
            return
        }
        let sorted = rooms.keys.sorted()
        var entries: [RoomSummary] = []
        for (index, folded) in sorted.enumerated() {
            guard let room = rooms[folded] else { continue }
            entries.append(RoomSummary(room: room.name, members: UInt32(room.memberCount), topic: room.topic))
            if entries.count == Limits.maxRoomsPerFrame && index < sorted.count - 1 {
                out.append(.send(.rooms(RoomList(request: request, isFinal: false, entries: entries)), to: id))
                entries.removeAll(keepingCapacity: true)
            }
        }
        out.append(.send(.rooms(RoomList(request: request, isFinal: true, entries: entries)), to: id))
    }

    /// TOPIC: read a room's topic, or (a member) set it for everyone in the room.
    mutating func topic(_ id: PeerID, request: TopicRequest, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id] else { return }
        let folded = RoomName.folded(request.room)
        guard let room = rooms[folded] else {
            reject(id, code: .noSuchRoom, request: request.request, text: "there is no room \(request.room)", now: now, into: &out)
            return
        }
        guard let text = request.newTopic else {
            let topic = Topic(request: request.request, room: room.name, text: room.topic, setBy: room.topicSetBy, time: room.topicTime)
            out.append(.send(.topic(topic), to: id))
            return
        }
        guard peer.isIn(folded) else {
            reject(id, code: .notInRoom, request: request.request, text: "only those in \(room.name) may set its topic", now: now, into: &out)
            return
        }
        guard admit(id, now: now) else {
            reject(id, code: .rateLimited, request: request.request, text: "too many requests; the topic was not changed", now: now, into: &out)
            return
        }
        rooms[folded]?.topic = text
        rooms[folded]?.topicSetBy = peer.nick
        rooms[folded]?.topicTime = now
        persist(.topic(room: folded, name: room.name, text: text, setBy: peer.nick, time: now), into: &out)
        flushPresence(into: &out)
        let topic = Topic(request: 0, room: room.name, text: text, setBy: peer.nick, time: now)
        var audience = self.audience(of: folded, except: nil)
        if peer.isFramed, let index = audience.framed.firstIndex(of: id) {
            audience.framed.remove(at: index)
            var own = topic
            own.request = request.request
            out.append(.send(.topic(own), to: id))
        }
        out.append(.deliver(.topic(topic), to: audience))
        out.append(.log(.topicSet(id, nick: peer.nick, room: room.name)))
    }

    /// Everyone in a room, as the shell needs them: Parley clients, then line clients split by
    /// whether the room is their current one.
    func audience(of folded: String, except: PeerID?) -> Audience {
        rooms[folded]?.audience(except: except) ?? Audience()
    }

    /// Sets a line client's current room and private conversation, and tells each of its rooms
    /// whether it is now the current one (where its messages are shown without the room's name).
    mutating func focus(_ id: PeerID, room current: String?, query: String?) {
        guard let peer = peers[id] else { return }
        peers[id]?.currentRoom = current
        peers[id]?.query = query
        for folded in peer.rooms { rooms[folded]?.setCurrent(id, folded == current && query == nil) }
    }
}
