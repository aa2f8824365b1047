import ParleyWire

extension RelayCore {
    /// SUBMIT: accept, stamp and deliver a chat message, or refuse it with an ERROR carrying
    /// its request id.
    mutating func submit(_ submission: Submit, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let sender = withPeer(id, { SenderView($0) }), sender.isJoined else { return }
        let key = submission.request
        // Accepted, and waiting for the store: its commit delivers it and echoes it to the
        // sender's connection of the moment (private) or to the room (room messages).
        if key != 0 && isAwaitingCommit(nick: sender.nick, key: key) { return }
        if key != 0, let stamp = ledger.stamp(nick: sender.nick, key: key) {
            // Already accepted (the client lost our echo): acknowledge again, deliver nothing.
            // The original is repeated only if this peer may read it; otherwise (a private
            // message sealed from a newcomer, or one no longer kept) the echo is rebuilt from
            // what was just resubmitted, so it reveals nothing the submitter did not send.
            let rebuilt = Chat(id: stamp.id, time: stamp.time, kind: submission.kind, from: sender.nick, to: submission.to, request: key, text: submission.text)
            let kept: Chat?
            if let room = stamp.room {
                kept = rooms[room]?.history.chat(withID: stamp.id, visibleTo: Nick.folded(sender.nick))
            } else {
                kept = privateHistory.chat(withID: stamp.id, visibleTo: Nick.folded(sender.nick))
            }
            out.append(.send(.chat(kept ?? rebuilt), to: id))
            return
        }
        if submission.text.isEmpty {
            reject(id, code: .emptyText, request: key, text: "a message needs some text", now: now, into: &out)
            return
        }
        let size = submission.text.utf8.count
        if size > Limits.maxTextBytes {
            let text = "a message is at most \(Limits.maxTextBytes) bytes; this one was \(size)"
            reject(id, code: .textTooLong, request: key, text: text, now: now, into: &out)
            return
        }
        switch submission.to {
        case .user(let nick):
            guard let member = members[Nick.folded(nick)], let recipient = peers[member]?.nick else {
                let text = "nobody called \(nick.truncatedUTF8(maxBytes: Limits.maxNickLength)) is here; the message was not sent"
                reject(id, code: .noSuchNick, request: key, text: text, now: now, into: &out)
                return
            }
            guard admit(id, now: now) else { return refuseRate(id, request: key, now: now, into: &out) }
            if refuseIfStoreBehind(id, request: key, into: &out) { return }
            privateStampedID += 1
            let chat = Chat(id: privateStampedID, time: now, kind: submission.kind, from: sender.nick, to: .user(recipient), request: key, text: submission.text)
            accept(chat, room: nil, from: id, senderIsLine: sender.transport == .line, into: &out)
        case .room(let name):
            let folded = RoomName.folded(name)
            // The room is read and written in place (one hash of its name, no copy of the room
            // and its history ring).
            guard let roomIndex = rooms.index(forKey: folded) else {
                let text = "there is no room \(name.truncatedUTF8(maxBytes: Limits.maxRoomNameBytes)); the message was not sent"
                reject(id, code: .noSuchRoom, request: key, text: text, now: now, into: &out)
                return
            }
            let roomName = Self.read(&rooms.values[roomIndex]) { $0.name }
            guard withPeer(id, { $0.isIn(folded) }) == true else {
                reject(id, code: .notInRoom, request: key, text: "you are not in \(roomName); /join it first", now: now, into: &out)
                return
            }
            guard admit(id, now: now) else { return refuseRate(id, request: key, now: now, into: &out) }
            if refuseIfStoreBehind(id, request: key, into: &out) { return }
            let stamped = Self.read(&rooms.values[roomIndex]) { room in
                room.stampedID += 1
                return room.stampedID
            }
            roomMessagesStamped += 1
            let chat = Chat(id: stamped, time: now, kind: submission.kind, from: sender.nick, to: .room(roomName), request: key, text: submission.text)
            // A line client sees what it typed already; only framed clients need the echo as an ack.
            accept(chat, room: folded, from: id, senderIsLine: sender.transport == .line, into: &out)
        }
    }

    /// Runs `body` on a value in place (an element of a dictionary's values, say), so that
    /// reading a field or appending to it never copies the whole value.
    static func read<Value, T>(_ value: inout Value, _ body: (inout Value) -> T) -> T {
        body(&value)
    }

    mutating func refuseRate(_ id: PeerID, request: UInt64, now: UInt64, into out: inout [RelayAction]) {
        let text = "you are sending too fast (at most \(rateDescription)); this message was not sent"
        reject(id, code: .rateLimited, request: request, text: text, now: now, into: &out)
    }

    /// The rate limit in words, for error messages.
    var rateDescription: String {
        let rate = settings.rate
        let shown = rate == rate.rounded() ? String(Int(rate)) : String(rate)
        return "\(shown) messages a second, bursts of \(settings.burst)"
    }

    /// NICK: change a nick if the new one is valid and free; RENAMED goes to the renamer and to
    /// everyone who shares a room with it.
    mutating func rename(_ id: PeerID, to nick: String, request: UInt64, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id], peer.phase == .joined else { return }
        if let problem = Nick.problem(with: nick) {
            reject(id, code: .invalidNick, request: request, text: problem, now: now, into: &out)
            return
        }
        if nick == peer.nick {
            out.append(.send(.done(request), to: id))  // nothing to change, but the request is answered
            return
        }
        let folded = Nick.folded(nick)
        if let holder = members[folded], holder != id {
            reject(id, code: .nickInUse, request: request, text: "\(nick) is taken", now: now, into: &out)
            return
        }
        guard admit(id, now: now) else {
            reject(id, code: .rateLimited, request: request, text: "too many requests; your nick was not changed", now: now, into: &out)
            return
        }
        if folded != Nick.folded(peer.nick) {
            // A new claim, not a change of case.
            if privateHistory.seal(nick: folded) { persist(.seal(nick: folded), into: &out) }
            let old = Nick.folded(peer.nick)
            resumeTokens.move(from: old, to: folded)
            if let token = resumeTokens.token(of: folded) {
                persist(.revokeToken(nick: old), into: &out)
                persist(.token(nick: folded, token: token), into: &out)
            }
        }
        members[Nick.folded(peer.nick)] = nil
        members[folded] = id
        peers[id]?.nick = nick
        flushPresence(into: &out)
        let renamed = Renamed(request: 0, old: peer.nick, new: nick, time: now)
        var own = renamed
        own.request = request
        out.append(.send(.renamed(own), to: id))
        out.append(.deliver(.renamed(renamed), to: sharers(of: id)))
        out.append(.log(.renamed(id, old: peer.nick, new: nick)))
    }

    /// Everyone who shares at least one room with `id`, each once, `id` excluded.
    func sharers(of id: PeerID) -> Audience {
        guard let peer = peers[id] else { return Audience() }
        if peer.rooms.count == 1 {
            var audience = audience(of: peer.rooms[0], except: id)
            // A line client sees a nick change wherever it is, without a room.
            audience.lines += audience.linesElsewhere
            audience.linesElsewhere = []
            return audience
        }
        var seen: Set<PeerID> = [id]
        var audience = Audience()
        for folded in peer.rooms {
            guard let room = rooms[folded] else { continue }
            for member in room.framed where seen.insert(member).inserted { audience.framed.append(member) }
            for member in room.lines where seen.insert(member).inserted { audience.lines.append(member) }
        }
        return audience
    }
}

/// What a submission needs to know of its sender, read without copying the whole `Peer`.
struct SenderView {
    let nick: String
    let transport: Transport?
    let isJoined: Bool

    init(_ peer: borrowing Peer) {
        nick = peer.nick
        transport = peer.transport
        isJoined = peer.phase == .joined
    }
}
