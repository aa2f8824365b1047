import ParleyWire

extension ClientStateMachine {
    mutating func receive(_ message: RelayMessage, now: UInt64, into effects: inout [ClientEffect]) {
        guard transportOpen else { return }
        lastHeard = now
        pingSentAt = nil
        switch message {
        case .welcome(let welcome):
            self.welcome(welcome, now: now, into: &effects)
        case .entered(let entered):
            self.entered(entered, now: now, into: &effects)
        case .chat(let chat):
            let (isReplay, isNews) = countReplayed()
            receive(chat, isReplay: isReplay, isNews: isNews, now: now, into: &effects)
            if isReplay { replayedChatRead(chat, now: now, into: &effects) }
        case .error(let report):
            receive(report, now: now, into: &effects)
        case .notice(let text):
            let room = noticeRoom
            noticeRoom = nil
            show(.notice, text, in: room, now: now, into: &effects)
        case .done(let request):
            requests[request] = nil
        case .joined(let joined):
            self.joined(joined, now: now, into: &effects)
        case .left(let left):
            self.left(left, now: now, into: &effects)
        case .renamed(let renamed):
            self.renamed(renamed, now: now, into: &effects)
        case .roster(let page):
            roster(page, now: now, into: &effects)
        case .rooms(let page):
            rooms(page, now: now, into: &effects)
        case .topic(let topic):
            self.topic(topic, now: now, into: &effects)
        case .ping(let token):
            effects.append(.send(.pong(token)))
        case .pong:
            break  // PONG only proves the link is alive, and any frame does that.
        case .bye(let reason):
            let why = reason.isEmpty ? "" : ": \(reason)"
            show(.notice, "the relay is closing the connection\(why)", now: now, into: &effects)
        }
    }

    /// A chat message: our own echo settles what we sent; anything else is shown in its room's
    /// window or in the private conversation's, unless it was seen already.
    mutating func receive(_ chat: Chat, isReplay: Bool, isNews: Bool, now: UInt64, into effects: inout [ClientEffect]) {
        if chat.request != 0, let item = outbox.item(request: chat.request),
            Self.sameNick(chat.from, nick) || Self.sameNick(chat.from, item.sender)
        {
            advanceCursor(past: chat)
            settle(request: chat.request, as: .delivered, time: chat.time, into: &effects)
            sendWaiting(into: &effects)
            return
        }
        let isMine = Self.sameNick(chat.from, nick)
        let isMention = !isMine && Mention.text(chat.text, mentions: nick)
        let index: Int
        let kind: ScrollbackEntry.Kind
        var activity: Activity
        switch chat.to {
        case .room(let room):
            guard let found = windows.index(of: .room(room)), windows[found].isNew(chat.id) else { return }
            index = found
            kind = chat.kind == .action ? .action : .message
            activity = isMention ? .mention : .message
        case .user(let recipient):
            guard chat.id > privateCursor else { return }
            index = queryWindow(for: isMine ? recipient : chat.from) ?? windows.currentIndex
            kind = chat.kind == .action ? .privateAction(to: recipient) : .privateMessage(to: recipient)
            activity = isMention ? .mention : .privateMessage
        }
        advanceCursor(past: chat)
        if isMine || (isReplay && !isNews) { activity = .none }
        let line = ScrollbackLine(
            time: chat.time, kind: kind, nick: chat.from, text: chat.text, delivery: isMine ? .delivered : nil,
            isMention: isMention)
        append(line, at: index, activity: activity, into: &effects)
        if !isReplay && bellEnabled && !isMine && (isMention || chat.isPrivate) {
            effects.append(.bell)
        }
    }

    /// Remembers `chat` as the newest seen in its room, or among private messages.
    mutating func advanceCursor(past chat: Chat) {
        switch chat.to {
        case .room(let room):
            if let index = windows.index(of: .room(room)) {
                windows.modify(at: index) { $0.cursor = max($0.cursor, chat.id) }
            }
        case .user:
            privateCursor = max(privateCursor, chat.id)
        }
    }

    /// Someone changed nick: said in every window where they are seen (a private conversation
    /// with them follows them to the new nick), or ours, said in every window.
    mutating func renamed(_ renamed: Renamed, now: UInt64, into effects: inout [ClientEffect]) {
        if renamed.request != 0 { requests[renamed.request] = nil }
        if renamed.request != 0 && renamed.request == reclaimRequest { reclaimRequest = nil }
        let isUs = Self.sameNick(renamed.old, nick)
        let seenIn = isUs ? Array(0..<windows.count) : windowIndices(seeing: renamed.old)
        for index in 0..<windows.count where windows[index].id.isRoom && windows[index].roster.contains(renamed.old) {
            windows.modify(at: index) { $0.roster.rename(renamed.old, to: renamed.new) }
        }
        if !isUs, let index = windows.index(of: .query(renamed.old)), windows.index(of: .query(renamed.new)) == nil {
            windows.rename(at: index, to: .query(renamed.new), name: renamed.new)
        }
        let text = isUs ? "you are now known as \(renamed.new)" : "\(renamed.old) is now known as \(renamed.new)"
        if isUs { nick = renamed.new }
        let indices = seenIn.isEmpty ? [windows.currentIndex] : seenIn
        for index in indices {
            append(.status(.notice, text, time: now), at: index, activity: isUs ? .none : .joinPart, into: &effects)
        }
    }
}
