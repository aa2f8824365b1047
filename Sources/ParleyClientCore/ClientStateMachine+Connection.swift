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

    /// The transport is up: HELLO, listing every room we are in (or about to be in) with the
    /// newest id seen there.
    mutating func transportUp(now: UInt64, into effects: inout [ClientEffect]) {
        guard case .connecting = link, transportOpen else { return }
        lastHeard = now
        let rooms = windows.wantedRooms.prefix(Limits.maxRoomsPerPeer).map { RoomCursor(room: $0.name, after: $0.resumeCursor) }
        let request = newRequest()
        hello = (request, rooms.map(\.room))
        helloSettledRooms = []
        let message = Hello(
            request: request, capabilities: .supported, nick: preferredNick, epoch: epoch, privateAfter: privateCursor,
            history: helloHistory, resumeToken: resumeToken, rooms: rooms)
        effects.append(.send(.hello(message)))
    }

    /// How much history to ask for in rooms without a cursor. A room we entered in this epoch
    /// whose cursor is still 0 had nothing said in it yet: everything said there since is news,
    /// and "after 0" would mean "recent history" instead, so it asks for all the relay keeps.
    var helloHistory: UInt16 {
        let hasEmptyRoom = windows.wantedRooms.contains { $0.enteredThisEpoch && $0.cursor == 0 }
        return hasEmptyRoom ? Hello.allHistory : configuration.history
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
        for index in 0..<windows.count {
            windows.modify(at: index) { window in
                window.roster.removeAll()
                if window.id.isRoom && window.membership == .joined { window.membership = .joining }
            }
        }
        // The relay forgets our requests with the connection; rooms being joined are in the next
        // HELLO, and messages in flight are sent again after its replay.
        requests = [:]
        outbox.connectionLost()
        whoPages = [:]
        listPages = [:]
        reclaimRequest = nil
        hello = nil
        helloReplay = nil
        roomReplay = nil
        noticeRoom = nil
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
                    request: item.submit.request,
                    as: .failed(reason: "not delivered within \(Self.seconds(configuration.drainTimeout))"),
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
