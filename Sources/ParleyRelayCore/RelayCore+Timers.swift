import ParleyWire

extension RelayCore {
    /// Time passed: detect silent streams, enforce handshake and idle timeouts, ping quiet
    /// peers, report statistics.
    mutating func tick(now: UInt64, into out: inout [RelayAction]) {
        enum Due { case detect, handshakeTimeout, idleTimeout, ping }
        var due: [(PeerID, Due)] = []
        for (id, peer) in peers {
            let age = now >= peer.openedAt ? now - peer.openedAt : 0
            let silence = now >= peer.lastHeard ? now - peer.lastHeard : 0
            switch peer.phase {
            case .detecting where peer.inbound.kind == .framed:
                // A preamble begun but not finished counts as a handshake.
                if age >= settings.handshakeTimeout { due.append((id, .handshakeTimeout)) }
            case .detecting, .refused:
                if age >= settings.detectionDelay { due.append((id, .detect)) }
            case .handshaking:
                if age >= settings.handshakeTimeout { due.append((id, .handshakeTimeout)) }
            case .joined where peer.isFramed:
                guard settings.idleTimeout > 0 else { continue }
                if silence >= settings.idleTimeout {
                    due.append((id, .idleTimeout))
                } else if silence >= settings.idleTimeout / 2 && peer.pingSentAt == nil {
                    due.append((id, .ping))
                }
            case .joined:
                if settings.lineIdleTimeout > 0 && silence >= settings.lineIdleTimeout { due.append((id, .idleTimeout)) }
            }
        }
        flushPresence(into: &out)
        due.sort { $0.0 < $1.0 }
        for (id, what) in due {
            switch what {
            case .detect:
                // Silent so far: a Parley client would have sent its preamble, so this is a person with nc.
                detectSilence(id, now: now, into: &out)
            case .handshakeTimeout:
                let text = "no HELLO within \(settings.handshakeTimeout / 1000) s"
                out.append(.send(.error(ErrorReport(code: .protocolViolation, text: text)), to: id))
                remove(id, reason: .timeout, detail: text, now: now, then: .close(id), into: &out)
            case .idleTimeout:
                let limit = peers[id]?.isFramed == true ? settings.idleTimeout : settings.lineIdleTimeout
                let text = "nothing heard for \(limit / 1000) s"
                out.append(.send(.notice("disconnected: \(text)"), to: id))
                remove(id, reason: .timeout, detail: text, now: now, then: .close(id), into: &out)
            case .ping:
                peers[id]?.pingSentAt = now
                out.append(.send(.ping(random.next()), to: id))
            }
        }
        report(now: now, into: &out)
        expireHistory(now: now, into: &out)
    }

    /// A statistics report every `statsInterval`.
    mutating func report(now: UInt64, into out: inout [RelayAction]) {
        guard settings.statsInterval > 0 else { return }
        guard let due = nextReportAt else {
            nextReportAt = now + settings.statsInterval
            return
        }
        guard now >= due else { return }
        nextReportAt = now + settings.statsInterval
        out.append(.report(statistics(now: now)))
    }

    /// The relay is stopping: BYE to every Parley client, a notice to every line client, then close all.
    mutating func shutdown(now: UInt64, into out: inout [RelayAction]) {
        guard !isShuttingDown else { return }
        isShuttingDown = true
        out.append(.log(.shuttingDown(peers: members.count)))
        let reason = "server shutting down"
        for id in peers.keys.sorted() {
            guard let peer = peers[id] else { continue }
            switch peer.transport {
            case .tcp, .udp: out.append(.send(.bye(reason), to: id))
            case .line: out.append(.send(.notice(reason), to: id))
            case nil: break
            }
            if peer.phase == .joined { counters.disconnects[.serverShutdown, default: 0] += 1 }
            out.append(.close(id))
        }
        deferredPresence.removeAll()
        peers.removeAll()
        for folded in rooms.keys {
            rooms[folded]?.framed.removeAll()
            rooms[folded]?.linesHere.removeAll()
            rooms[folded]?.linesAway.removeAll()
        }
        members.removeAll()
        connectionsByAddress.removeAll()
        refusalsPending = 0
    }
}
