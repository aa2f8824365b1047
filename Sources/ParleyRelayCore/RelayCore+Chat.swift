import ParleyWire

extension RelayCore {
    /// SUBMIT: accept, stamp and deliver a chat message, or refuse it with an ERROR.
    mutating func submit(_ submission: Submit, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let sender = peers[id], sender.phase == .joined else { return }
        let key = submission.key
        if key != 0, let stamp = ledger.stamp(nick: sender.nick, key: key) {
            // Already accepted (the client lost our echo): acknowledge again, broadcast nothing.
            // The original is repeated only if this peer may read it; otherwise (a private
            // message sealed from a newcomer, or one no longer kept) the echo is rebuilt from
            // what was just resubmitted, so it reveals nothing the submitter did not send.
            let rebuilt = Chat(id: stamp.id, time: stamp.time, kind: submission.kind, from: sender.nick, target: submission.target, key: key, text: submission.text)
            out.append(.send(.chat(history.chat(withID: stamp.id, visibleTo: Nick.folded(sender.nick)) ?? rebuilt), to: id))
            return
        }
        if submission.text.isEmpty {
            reject(id, code: .emptyText, key: key, text: "a message needs some text", now: now, into: &out)
            return
        }
        let size = submission.text.utf8.count
        if size > Limits.maxTextBytes {
            let text = "a message is at most \(Limits.maxTextBytes) bytes; this one was \(size)"
            reject(id, code: .textTooLong, key: key, text: text, now: now, into: &out)
            return
        }
        var recipient: PeerID?
        var target = ""
        if !submission.target.isEmpty {
            guard let member = members[Nick.folded(submission.target)], let peer = peers[member] else {
                let text = "nobody called \(submission.target) is here; the message was not sent"
                reject(id, code: .noSuchNick, key: key, text: text, now: now, into: &out)
                return
            }
            recipient = member
            target = peer.nick
        }
        guard admit(id, now: now) else {
            let text = "you are sending too fast (at most \(rateDescription)); this message was not sent"
            reject(id, code: .rateLimited, key: key, text: text, now: now, into: &out)
            return
        }
        let chat = Chat(id: history.lastID + 1, time: now, kind: submission.kind, from: sender.nick, target: target, key: key, text: submission.text)
        history.append(chat)
        if key != 0 { ledger.record(nick: sender.nick, key: key, RecentKeys.Stamp(id: chat.id, time: now)) }
        counters.messagesIn += 1
        flushPresence(into: &out)  // peers learn who joined before they hear from them
        if let recipient {
            out.append(.send(.chat(chat), to: recipient))
            counters.deliveries += 1
            if recipient != id {
                out.append(.send(.chat(chat), to: id))
                counters.deliveries += 1
            }
        } else {
            // A line client sees what it typed already; only framed clients need the echo as an ack.
            let except = sender.transport == .line ? id : nil
            out.append(.broadcast(.chat(chat), except: except))
            counters.deliveries += UInt64(room.count - (except == nil ? 0 : 1))
        }
    }

    /// The rate limit in words, for error messages.
    var rateDescription: String {
        let rate = settings.rate
        let shown = rate == rate.rounded() ? String(Int(rate)) : String(rate)
        return "\(shown) messages a second, bursts of \(settings.burst)"
    }

    /// NICK: change a member's nick if the new one is valid and free.
    mutating func rename(_ id: PeerID, to nick: String, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id], peer.phase == .joined else { return }
        if let problem = Nick.problem(with: nick) {
            reject(id, code: .invalidNick, text: problem, now: now, into: &out)
            return
        }
        if nick == peer.nick { return }
        let folded = Nick.folded(nick)
        if let holder = members[folded], holder != id {
            reject(id, code: .nickInUse, text: "\(nick) is taken", now: now, into: &out)
            return
        }
        guard admit(id, now: now) else {
            reject(id, code: .rateLimited, text: "too many requests; your nick was not changed", now: now, into: &out)
            return
        }
        if folded != Nick.folded(peer.nick) {
            history.seal(nick: folded)  // a new claim, not a change of case
            resumeTokens.move(from: Nick.folded(peer.nick), to: folded)
        }
        members[Nick.folded(peer.nick)] = nil
        members[folded] = id
        peers[id]?.nick = nick
        flushPresence(into: &out)
        out.append(.broadcast(.renamed(Renamed(old: peer.nick, new: nick, time: now)), except: nil))
        out.append(.log(.renamed(id, old: peer.nick, new: nick)))
    }
}
