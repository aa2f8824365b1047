import ParleyWire

extension RelayCore {
    /// One decoded message from a Parley client (TCP or UDP).
    mutating func handle(_ message: Message, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let phase = peers[id]?.phase else { return }
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
            let text = "the first frame must be HELLO, not \(message.type.name)"
            out.append(.send(.error(ErrorReport(code: .protocolViolation, text: text)), to: id))
            counters.rejections[.protocolViolation, default: 0] += 1
            remove(id, reason: .error, detail: text, now: now, then: .close(id), into: &out)
        case (.joined, .submit(let submission)):
            submit(submission, from: id, now: now, into: &out)
        case (.joined, .nick(let nick)):
            rename(id, to: nick, now: now, into: &out)
        case (.joined, .who):
            guard admit(id, now: now) else {
                reject(id, code: .rateLimited, text: "too many requests; /who was not answered", now: now, into: &out)
                return
            }
            sendRoster(to: id, into: &out)
        case (.joined, .hello):
            reject(id, code: .protocolViolation, text: "HELLO was already received", now: now, into: &out)
        case (.joined, _):
            reject(id, code: .protocolViolation, text: "\(message.type.name) is sent by the relay, not to it", now: now, into: &out)
        case (.detecting, _), (.refused, _):
            return
        }
    }

    /// The peer leaves on purpose (BYE, `/quit`): it will not resume, so its nick's private
    /// history and idempotency keys are not kept for whoever takes the nick next.
    mutating func quit(_ id: PeerID, reason: String, now: UInt64, into out: inout [RelayAction]) {
        let nick = peers[id]?.phase == .joined ? peers[id]?.nick : nil
        remove(id, reason: .quit, detail: reason, now: now, then: .close(id), into: &out)
        if let nick { revoke(nick: nick) }
    }

    /// Whether the peer's rate limit admits one more request (always, when limiting is off).
    mutating func admit(_ id: PeerID, now: UInt64) -> Bool {
        peers[id]?.bucket?.take(now: now) ?? true
    }

    /// HELLO: check the nick, then join.
    mutating func greet(_ id: PeerID, hello: Hello, now: UInt64, into out: inout [RelayAction]) {
        var nick = hello.nick
        if nick.isEmpty {
            nick = guestNick()
        } else if let problem = Nick.problem(with: nick) {
            out.append(.send(.error(ErrorReport(code: .invalidNick, text: problem)), to: id))
            counters.rejections[.invalidNick, default: 0] += 1
            remove(id, reason: .error, detail: problem, now: now, then: .close(id), into: &out)
            return
        }
        join(id, requested: nick, hello: hello, now: now, into: &out)
    }
}

extension MessageType {
    /// The message's name as PROTOCOL.md writes it.
    var name: String {
        switch self {
        case .hello: return "HELLO"
        case .welcome: return "WELCOME"
        case .submit: return "SUBMIT"
        case .chat: return "CHAT"
        case .nick: return "NICK"
        case .renamed: return "RENAMED"
        case .joined: return "JOINED"
        case .left: return "LEFT"
        case .who: return "WHO"
        case .roster: return "ROSTER"
        case .error: return "ERROR"
        case .notice: return "NOTICE"
        case .ping: return "PING"
        case .pong: return "PONG"
        case .bye: return "BYE"
        }
    }
}
