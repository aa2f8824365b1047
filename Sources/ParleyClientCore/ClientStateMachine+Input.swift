import ParleyWire

extension ClientStateMachine {
    mutating func handleInput(_ line: String, now: UInt64, into effects: inout [ClientEffect]) {
        switch Command(parsing: line) {
        case .empty:
            break
        case .say(let text):
            submit(Submit(key: 0, kind: .text, text: text), now: now, into: &effects)
        case .action(let text):
            submit(Submit(key: 0, kind: .action, text: text), now: now, into: &effects)
        case .privateMessage(let target, let text):
            if let problem = Nick.problem(with: target) {
                show(.error, "cannot send to \(target): \(problem)", now: now, into: &effects)
            } else {
                submit(Submit(key: 0, kind: .text, target: target, text: text), now: now, into: &effects)
            }
        case .nick(let newNick):
            changeNick(to: newNick, now: now, into: &effects)
        case .who:
            if link.isConnected {
                whoRequests += 1
                effects.append(.send(.who))
            } else {
                show(.error, "not connected to the relay; /who works once connected", now: now, into: &effects)
            }
        case .quit(let reason):
            beginDrain(reason: reason, now: now, into: &effects)
        case .help:
            for line in Command.helpLines { show(.notice, line, now: now, into: &effects) }
        case .clear:
            scrollback.removeAll()
            effects.append(.clear)
        case .bell(let setting):
            if let setting { bellEnabled = setting }
            show(.notice, "the bell is \(bellEnabled ? "on" : "off")", now: now, into: &effects)
        case .usage(let usage):
            show(.error, usage, now: now, into: &effects)
        case .unknown(let name):
            show(.error, "unknown command /\(name) — try /help", now: now, into: &effects)
        }
    }

    /// Validates, shows as pending, and sends now or after the next WELCOME.
    mutating func submit(_ submit: Submit, now: UInt64, into effects: inout [ClientEffect]) {
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
            let entry = scrollback.append(time: now, kind: kind, nick: nick, text: submit.text, delivery: .failed(reason: refusal))
            effects.append(.append(entry))
            return
        }
        submit.key = newKey()
        let entry = scrollback.append(time: now, kind: kind, nick: nick, text: submit.text, delivery: .pending)
        effects.append(.append(entry))
        outbox.add(OutboxItem(submit: submit, sequence: entry.sequence, submittedAt: now, sender: nick))
        if canSend {
            outbox.markSent(key: submit.key)
            effects.append(.send(.submit(submit)))
        }
    }

    mutating func changeNick(to newNick: String, now: UInt64, into effects: inout [ClientEffect]) {
        if let problem = Nick.problem(with: newNick) {
            show(.error, "cannot use \(newNick) as a nick: \(problem)", now: now, into: &effects)
        } else if link.isConnected {
            preferredNick = newNick
            effects.append(.send(.nick(newNick)))
        } else {
            preferredNick = newNick
            nick = newNick
            show(.notice, "you will be \(newNick) once connected", now: now, into: &effects)
        }
    }

    /// A fresh idempotency key: random, never 0 (which means "no key"), not in use.
    mutating func newKey() -> UInt64 {
        while true {
            let key = random.next()
            if key != 0 && !outbox.contains(key: key) { return key }
        }
    }
}
