import ParleyWire

extension RelayCore {
    /// One decoded message from a Parley client (TCP or UDP).
    ///
    /// Before HELLO only HELLO, PING, PONG and BYE are allowed; anything else is a protocol
    /// violation that closes the connection.
    mutating func handle(_ message: ClientMessage, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let phase = withPeer(id, { $0.phase }) else { return }
        switch (phase, message) {
        case (_, .ping(let token)):
            out.append(.send(.pong(token), to: id))
        case (_, .pong):
            return  // any traffic already counted as a sign of life
        case (_, .bye(let reason)):
            quit(id, reason: reason, now: now, into: &out)
        case (.handshaking, .hello(let hello)):
            greet(id, hello: hello, now: now, into: &out)
        case (.handshaking, _):
            let text = "the first frame must be HELLO, not \(message.kind.name)"
            out.append(.send(.error(ErrorReport(request: message.request, code: .protocolViolation, text: text)), to: id))
            counters.rejections[.protocolViolation, default: 0] += 1
            remove(id, reason: .error, detail: text, now: now, then: .close(id), into: &out)
        case (.joined, .submit(let submission)):
            submit(submission, from: id, now: now, into: &out)
        case (.joined, .nick(let change)):
            rename(id, to: change.nick, request: change.request, now: now, into: &out)
        case (.joined, .join(let join)):
            enter(id, room: join.room, cursor: join.after, history: join.history, request: join.request, now: now, into: &out)
        case (.joined, .part(let part)):
            leave(id, room: part.room, reason: part.reason, request: part.request, now: now, into: &out)
        case (.joined, .who(let request)):
            who(id, room: request.room, request: request.request, now: now, into: &out)
        case (.joined, .list(let list)):
            listRooms(for: id, request: list.request, now: now, into: &out)
        case (.joined, .topic(let topic)):
            self.topic(id, request: topic, now: now, into: &out)
        case (.joined, .hello(let hello)):
            reject(id, code: .protocolViolation, request: hello.request, text: "HELLO was already received", now: now, into: &out)
        case (.detecting, _), (.refused, _):
            return
        }
    }

    /// The peer leaves on purpose (BYE, `/quit`): it will not resume, so its nick's private
    /// history and idempotency keys are not kept for whoever takes the nick next.
    mutating func quit(_ id: PeerID, reason: String, now: UInt64, into out: inout [RelayAction]) {
        let nick = peers[id]?.phase == .joined ? peers[id]?.nick : nil
        remove(id, reason: .quit, detail: reason, now: now, then: .close(id), into: &out)
        if let nick { revoke(nick: nick, into: &out) }
    }

    /// Whether the peer's rate limit admits one more request (always, when limiting is off).
    mutating func admit(_ id: PeerID, now: UInt64) -> Bool {
        peers[id]?.bucket?.take(now: now) ?? true
    }

    /// HELLO: check the nick, then welcome. A refused HELLO closes the connection.
    mutating func greet(_ id: PeerID, hello: Hello, now: UInt64, into out: inout [RelayAction]) {
        var nick = hello.nick
        if nick.isEmpty {
            nick = guestNick()
        } else if let problem = Nick.problem(with: nick) {
            out.append(.send(.error(ErrorReport(request: hello.request, code: .invalidNick, text: problem)), to: id))
            counters.rejections[.invalidNick, default: 0] += 1
            remove(id, reason: .error, detail: problem, now: now, then: .close(id), into: &out)
            return
        }
        welcome(id, nick: freeNick(near: nick), hello: hello, now: now, into: &out)
    }
}
