import ParleyWire

extension ClientStateMachine {
    mutating func start(now: UInt64, into effects: inout [ClientEffect]) {
        guard case .idle = link else { return }
        show(.notice, "connecting to \(configuration.relayName) over \(configuration.transport)…", now: now, into: &effects)
        connect(now: now, into: &effects)
    }

    mutating func connect(now: UInt64, into effects: inout [ClientEffect]) {
        link = .connecting(attempt: failures + 1)
        connectDeadline = now + configuration.connectTimeout
        transportOpen = true
        effects.append(.connect)
    }

    mutating func transportUp(now: UInt64, into effects: inout [ClientEffect]) {
        guard case .connecting = link, transportOpen else { return }
        lastHeard = now
        let hello = Hello(nick: preferredNick, resumeAfter: lastSeenID, history: helloHistory, resumeToken: resumeToken)
        effects.append(.send(.hello(hello)))
    }

    /// How much history to ask for. `resumeAfter: 0` means a new session, so a client that was
    /// welcomed by an empty relay and has seen nothing since cannot say "everything after 0":
    /// it asks for all the history the relay will replay instead (every id there is one it missed;
    /// ids already seen are dropped anyway).
    var helloHistory: UInt16 {
        hasBeenWelcomed && lastSeenID == 0 ? Hello.defaultHistory - 1 : configuration.history
    }

    mutating func transportDown(reason: String, now: UInt64, into effects: inout [ClientEffect]) {
        guard transportOpen else { return }
        transportOpen = false
        linkDropped(reason: reason, now: now, into: &effects)
    }

    /// Closes the transport on our own initiative and schedules the next attempt.
    mutating func abandonLink(reason: String, now: UInt64, into effects: inout [ClientEffect]) {
        if transportOpen { effects.append(.disconnect) }
        transportOpen = false
        linkDropped(reason: reason, now: now, into: &effects)
    }

    mutating func linkDropped(reason: String, now: UInt64, into effects: inout [ClientEffect]) {
        let wasConnected = link.isConnected
        roster.removeAll()
        replayRemaining = 0
        connectDeadline = nil
        pingSentAt = nil
        failures += 1
        let delay = configuration.backoff.delay(attempt: failures, random: random.next())
        link = .reconnecting(at: now + delay, attempt: failures + 1, reason: reason)
        let what = wasConnected ? "disconnected" : "cannot reach the relay"
        show(.notice, "\(what) (\(reason)); reconnecting in \(Self.seconds(delay))", now: now, into: &effects)
    }

    mutating func tick(now: UInt64, into effects: inout [ClientEffect]) {
        if let drain, now >= drain.deadline {
            for item in outbox.pending {
                settle(
                    key: item.submit.key, as: .failed(reason: "not delivered within \(Self.seconds(configuration.drainTimeout))"),
                    time: now, into: &effects)
            }
            finish(now: now, into: &effects)
            return
        }
        switch link {
        case .reconnecting(let at, _, _) where now >= at:
            connect(now: now, into: &effects)
        case .connecting:
            if let connectDeadline, now >= connectDeadline {
                let limit = Self.seconds(configuration.connectTimeout)
                abandonLink(reason: "no answer from the relay within \(limit)", now: now, into: &effects)
            }
        case .connected:
            if let pingSentAt {
                if now >= pingSentAt + configuration.keepaliveTimeout {
                    abandonLink(reason: "the relay stopped answering", now: now, into: &effects)
                }
            } else if now >= lastHeard + configuration.keepaliveInterval {
                pingToken &+= 1
                pingSentAt = now
                effects.append(.send(.ping(pingToken)))
            }
        default:
            break
        }
    }

    /// The relay welcomed us: the link is up; read the replay, then re-send what is pending.
    mutating func welcome(_ welcome: Welcome, now: UInt64, into effects: inout [ClientEffect]) {
        guard case .connecting = link else { return }
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
        if lastSeenID > welcome.lastID {
            show(.notice, "the relay has restarted; messages from before the restart are gone", now: now, into: &effects)
            lastSeenID = welcome.lastID
        }
        // A gap (`welcome.resume == .gap`) is explained by the relay's own NOTICE, which follows.
        hasBeenWelcomed = true
        welcomeLastID = welcome.lastID
        replayRemaining = welcome.replayCount
        if replayRemaining == 0 { replayFinished(into: &effects) }
    }

    /// The replay is read: pending messages whose echo was not in it go out again, same keys.
    mutating func replayFinished(into effects: inout [ClientEffect]) {
        lastSeenID = max(lastSeenID, welcomeLastID)
        for item in outbox.pending {
            outbox.markSent(key: item.submit.key)
            effects.append(.send(.submit(item.submit)))
        }
    }

    /// Whether a new message can go out now rather than wait for the next WELCOME and replay.
    var canSend: Bool { link.isConnected && replayRemaining == 0 }

    mutating func beginDrain(reason: String, now: UInt64, into effects: inout [ClientEffect]) {
        if drain == nil { drain = Drain(deadline: now + configuration.drainTimeout, reason: reason) }
        if outbox.isEmpty {
            finish(now: now, into: &effects)
        } else {
            let count = outbox.pendingCount
            let limit = Self.seconds(configuration.drainTimeout)
            show(.notice, "waiting up to \(limit) for \(count) message\(count == 1 ? "" : "s") to be delivered", now: now, into: &effects)
        }
    }

    /// Says goodbye and exits: 0 if every message of the session was delivered, 1 otherwise.
    mutating func finish(now: UInt64, into effects: inout [ClientEffect]) {
        let reason = drain?.reason ?? ""
        if link.isConnected { effects.append(.send(.bye(reason))) }
        if transportOpen { effects.append(.disconnect) }
        transportOpen = false
        drain = nil
        link = .down(reason: "quit")
        effects.append(.exit(code: outbox.failedCount == 0 && outbox.isEmpty ? 0 : 1))
    }
}
