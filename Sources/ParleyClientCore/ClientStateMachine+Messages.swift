import ParleyWire

extension ClientStateMachine {
    mutating func receive(_ message: Message, now: UInt64, into effects: inout [ClientEffect]) {
        guard transportOpen else { return }
        lastHeard = now
        pingSentAt = nil
        switch message {
        case .welcome(let welcome):
            self.welcome(welcome, now: now, into: &effects)
        case .chat(let chat):
            if replayRemaining > 0 {
                replayRemaining -= 1
                receive(chat, isReplay: true, now: now, into: &effects)
                if replayRemaining == 0 { replayFinished(into: &effects) }
            } else {
                receive(chat, isReplay: false, now: now, into: &effects)
            }
        case .error(let report):
            receive(report, now: now, into: &effects)
        case .notice(let text):
            show(.notice, text, now: now, into: &effects)
        case .joined(let joined):
            roster.add(RosterEntry(nick: joined.nick, transport: joined.transport))
            if !Self.sameNick(joined.nick, nick) {
                show(.notice, "\(joined.nick) joined (\(joined.transport))", now: now, into: &effects)
            }
        case .left(let left):
            roster.remove(left.nick)
            let detail = left.detail.isEmpty ? "" : ": \(left.detail)"
            show(.notice, "\(left.nick) left (\(left.reason)\(detail))", now: now, into: &effects)
            if Self.sameNick(left.nick, preferredNick) && !Self.sameNick(nick, preferredNick) && link.isConnected {
                effects.append(.send(.nick(preferredNick)))
            }
        case .renamed(let renamed):
            roster.rename(renamed.old, to: renamed.new)
            if Self.sameNick(renamed.old, nick) {
                nick = renamed.new
                show(.notice, "you are now known as \(renamed.new)", now: now, into: &effects)
            } else {
                show(.notice, "\(renamed.old) is now known as \(renamed.new)", now: now, into: &effects)
            }
        case .roster(let page):
            if roster.receive(page) && whoRequests > 0 {
                whoRequests -= 1
                let people = roster.sorted.map { "\($0.nick) (\($0.transport))" }
                show(.notice, "\(people.count) here: \(people.joined(separator: ", "))", now: now, into: &effects)
            }
        case .ping(let token):
            effects.append(.send(.pong(token)))
        case .bye(let reason):
            let why = reason.isEmpty ? "" : ": \(reason)"
            show(.notice, "the relay is closing the connection\(why)", now: now, into: &effects)
        case .pong, .hello, .submit, .nick, .who:
            break  // PONG only proves the link is alive; the rest are client → relay frames.
        }
    }

    mutating func receive(_ chat: Chat, isReplay: Bool, now: UInt64, into effects: inout [ClientEffect]) {
        if chat.key != 0, let item = outbox.item(key: chat.key),
            Self.sameNick(chat.from, nick) || Self.sameNick(chat.from, item.sender)
        {
            lastSeenID = max(lastSeenID, chat.id)
            settle(key: chat.key, as: .delivered, time: chat.time, into: &effects)
            return
        }
        guard chat.id > lastSeenID else { return }
        lastSeenID = chat.id
        let isMine = Self.sameNick(chat.from, nick)
        let kind: ScrollbackEntry.Kind =
            chat.isPrivate ? .privateMessage(to: chat.target) : chat.kind == .action ? .action : .message
        let isMention = !isMine && Mention.text(chat.text, mentions: nick)
        let entry = scrollback.append(
            time: chat.time, kind: kind, nick: chat.from, text: chat.text,
            delivery: isMine ? .delivered : nil, isMention: isMention)
        effects.append(.append(entry))
        if !isReplay && bellEnabled && !isMine && (isMention || chat.isPrivate) {
            effects.append(.bell)
        }
    }

    mutating func receive(_ report: ErrorReport, now: UInt64, into effects: inout [ClientEffect]) {
        if report.key != 0, outbox.contains(key: report.key) {
            var reason = report.code.description
            let text = SafeText.sanitize(report.text)
            if !text.isEmpty && text != reason { reason += " (\(text))" }
            settle(key: report.key, as: .failed(reason: reason), time: now, into: &effects)
            return
        }
        let text = report.text.isEmpty ? report.code.description : report.text
        show(.error, text, now: now, into: &effects)
    }

    /// Ends one outbox message as delivered or failed and reports its line's new state.
    mutating func settle(key: UInt64, as delivery: ScrollbackEntry.Delivery, time: UInt64, into effects: inout [ClientEffect]) {
        guard let item = outbox.settle(key: key, delivered: delivery == .delivered) else { return }
        let updated = scrollback.modifyEntry(withSequence: item.sequence) { entry in
            entry.delivery = delivery
            if delivery == .delivered { entry.time = time }
        }
        // A line that scrolled away (or was cleared) is still reported, so line mode can print its fate.
        effects.append(.update(updated ?? Self.entry(for: item, delivery: delivery, time: time)))
        if drain != nil && outbox.isEmpty { finish(now: time, into: &effects) }
    }

    static func entry(for item: OutboxItem, delivery: ScrollbackEntry.Delivery, time: UInt64) -> ScrollbackEntry {
        ScrollbackEntry(
            sequence: item.sequence, time: delivery == .delivered ? time : item.submittedAt,
            kind: kind(of: item.submit), nick: item.sender, text: item.submit.text, delivery: delivery)
    }

    static func kind(of submit: Submit) -> ScrollbackEntry.Kind {
        if !submit.target.isEmpty { return .privateMessage(to: submit.target) }
        return submit.kind == .action ? .action : .message
    }
}
