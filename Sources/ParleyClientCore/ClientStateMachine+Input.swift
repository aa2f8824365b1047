import ParleyWire

extension ClientStateMachine {
    mutating func handleInput(_ line: String, now: UInt64, into effects: inout [ClientEffect]) {
        switch Command(parsing: line) {
        case .empty:
            break
        case .say(let text):
            say(text, kind: .text, now: now, into: &effects)
        case .action(let text):
            say(text, kind: .action, now: now, into: &effects)
        case .privateMessage(let target, let text):
            if let problem = Nick.problem(with: target) {
                show(.error, "cannot send to \(target): \(problem)", now: now, into: &effects)
            } else if let index = queryWindow(for: target) {
                submit(Submit(request: 0, kind: .text, to: .user(target), text: text), at: index, now: now, into: &effects)
            } else {
                show(.error, "too many windows are open (\(WindowList.maxWindows)); /close some", now: now, into: &effects)
            }
        case .query(let target):
            if let problem = Nick.problem(with: target) {
                show(.error, "cannot talk privately with \(target): \(problem)", now: now, into: &effects)
            } else if let index = queryWindow(for: target) {
                windows.select(index)
            } else {
                show(.error, "too many windows are open (\(WindowList.maxWindows)); /close some", now: now, into: &effects)
            }
        case .close:
            closeCurrentWindow(now: now, into: &effects)
        case .join(let room):
            join(room, now: now, into: &effects)
        case .part(let room, let reason):
            part(room: room, reason: reason, now: now, into: &effects)
        case .list:
            listRooms(now: now, into: &effects)
        case .topic(let text):
            topic(text, now: now, into: &effects)
        case .names(let room):
            names(room, now: now, into: &effects)
        case .nick(let newNick):
            changeNick(to: newNick, now: now, into: &effects)
        case .quit(let reason):
            beginDrain(reason: reason, now: now, into: &effects)
        case .help:
            for line in Command.helpLines { show(.notice, line, now: now, into: &effects) }
        case .clear:
            let index = windows.currentIndex
            windows.modify(at: index) { $0.scrollback.removeAll() }
            effects.append(.clear(windows[index].id))
        case .bell(let setting):
            if let setting { bellEnabled = setting }
            show(.notice, "the bell is \(bellEnabled ? "on" : "off")", now: now, into: &effects)
        case .usage(let usage):
            show(.error, usage, now: now, into: &effects)
        case .unknown(let name):
            show(.error, "unknown command /\(name) — try /help", now: now, into: &effects)
        }
    }

    /// Text typed in the window on screen: to its room, or to the person of its conversation.
    mutating func say(_ text: String, kind: MessageKind, now: UInt64, into effects: inout [ClientEffect]) {
        let window = windows.current
        let destination: Destination
        switch window.id.kind {
        case .room:
            guard window.membership != .left else {
                show(.error, "you are not in \(window.name); /join \(window.name) to talk here", now: now, into: &effects)
                return
            }
            destination = .room(window.name)
        case .query:
            destination = .user(window.name)
        }
        submit(Submit(request: 0, kind: kind, to: destination, text: text), at: windows.currentIndex, now: now, into: &effects)
    }

    /// Validates, shows as pending in the window at `index`, and sends now, or once fewer messages
    /// are in flight, or after the next WELCOME and its replay.
    mutating func submit(_ submit: Submit, at index: Int, now: UInt64, into effects: inout [ClientEffect]) {
        var submit = submit
        let kind = Self.kind(of: submit)
        let bytes = submit.text.utf8.count
        var refusal: String?
        if bytes > Limits.maxTextBytes {
            refusal = "too long: \(bytes) bytes, the limit is \(Limits.maxTextBytes)"
        } else if outbox.isFull {
            refusal = "too many messages waiting for the relay (\(outbox.capacity)); wait until they are delivered"
        }
        if let refusal {
            outbox.countLocalFailure()
            let line = ScrollbackLine(time: now, kind: kind, nick: nick, text: submit.text, delivery: .failed(reason: refusal))
            append(line, at: index, into: &effects)
            return
        }
        submit.request = newRequest()
        let line = ScrollbackLine(time: now, kind: kind, nick: nick, text: submit.text, delivery: .pending)
        let entry = append(line, at: index, into: &effects)
        outbox.add(
            OutboxItem(submit: submit, window: windows[index].id, sequence: entry.sequence, submittedAt: now, sender: nick))
        sendWaiting(into: &effects)
    }

    mutating func changeNick(to newNick: String, now: UInt64, into effects: inout [ClientEffect]) {
        if let problem = Nick.problem(with: newNick) {
            show(.error, "cannot use \(newNick) as a nick: \(problem)", now: now, into: &effects)
        } else if newNick == nick {
            show(.notice, "you are \(nick) already", now: now, into: &effects)
        } else if link.isConnected {
            preferredNick = newNick
            send(.nick(newNick), now: now, into: &effects) { .nick(NickChange(request: $0, nick: newNick)) }
        } else {
            preferredNick = newNick
            nick = newNick
            show(.notice, "you will be \(newNick) once connected", now: now, into: &effects)
        }
    }

    /// Sends a request other than a message, remembering what it asked under its new id; refuses
    /// locally when too many await their replies. Returns the id, or `nil` if nothing was sent.
    @discardableResult
    mutating func send(
        _ pending: PendingRequest, now: UInt64, into effects: inout [ClientEffect], message: (UInt64) -> ClientMessage
    ) -> UInt64? {
        guard requests.count < PendingRequest.limit else {
            show(.error, "too many requests await the relay's answer; wait a moment", now: now, into: &effects)
            return nil
        }
        let request = newRequest()
        requests[request] = pending
        effects.append(.send(message(request)))
        return request
    }

    static func kind(of submit: Submit) -> ScrollbackEntry.Kind {
        if case .user(let nick) = submit.to { return submit.kind == .action ? .privateAction(to: nick) : .privateMessage(to: nick) }
        return submit.kind == .action ? .action : .message
    }
}
