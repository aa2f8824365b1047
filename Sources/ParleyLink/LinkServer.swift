import ParleyWire

/// The relay side of the reliable UDP link: stateless cookies, the session table and address
/// migration, over one `LinkSession` per client.
///
/// Nothing is stored for an address until it echoes a valid cookie, and the answer to an
/// unknown or forged datagram is never larger than that datagram, so spoofed floods cost
/// little and cannot be amplified.
public struct LinkServer: Sendable {
    struct Entry: Sendable {
        var session: LinkSession
        var address: LinkAddress
        var origin: Origin
    }

    struct Origin: Hashable, Sendable {
        var address: LinkAddress
        var nonce: UInt64
    }

    /// The timers and bounds every session uses.
    public let configuration: LinkConfiguration
    /// The most sessions held at once; CONNECTs beyond it are refused with CLOSE (`serverFull`).
    public let maxSessions: Int

    private let cookies: CookieAuthority
    private let idHasher: SipHash
    private var random: LinkRandom
    private var sessions: [UInt64: Entry] = [:]
    private var origins: [Origin: UInt64] = [:]
    /// A lower bound of every session's deadline; `tick` recomputes it exactly.
    private var earliestDeadline: UInt64?

    /// Datagrams dropped without an answer (undecodable, bad cookie, wrong direction).
    public private(set) var droppedDatagrams: UInt64 = 0
    /// RESETs sent for unknown session ids.
    public private(set) var resetsSent: UInt64 = 0

    /// Creates a relay link.
    ///
    /// - Parameters:
    ///   - secret: 16 random bytes known only to this relay; they key cookies and session ids.
    ///   - maxSessions: the bound on the session table.
    ///   - seed: seeds the generator behind session ids (give it system randomness in production).
    public init(secret: [UInt8], configuration: LinkConfiguration = LinkConfiguration(), maxSessions: Int, seed: UInt64) {
        precondition(secret.count == 16, "the relay secret must be 16 bytes")
        self.configuration = configuration
        self.maxSessions = max(0, maxSessions)
        cookies = CookieAuthority(secret: secret, lifetime: configuration.cookieLifetime)
        idHasher = SipHash(key: secret.reversed())
        random = LinkRandom(seed: seed)
    }

    /// How many sessions are open.
    public var sessionCount: Int { sessions.count }

    /// The ids of the open sessions.
    public var sessionIDs: [UInt64] { Array(sessions.keys) }

    /// The address a session currently sends to.
    public func address(of session: UInt64) -> LinkAddress? { sessions[session]?.address }

    /// A session's figures, or `nil` for an unknown session.
    public func statistics(for session: UInt64) -> LinkStatistics? { sessions[session]?.session.statistics }

    /// When `tick` should next be called; `nil` with no sessions. May be early, never late.
    public var nextDeadline: UInt64? { earliestDeadline }

    /// Handles one datagram received from `address`.
    public mutating func receive(_ bytes: [UInt8], from address: LinkAddress, now: UInt64) -> [LinkServerAction] {
        let datagram: Datagram
        do {
            datagram = try Datagram.decode(bytes)
        } catch {
            droppedDatagrams += 1
            return []
        }
        switch datagram {
        case .initiate(let nonce):
            // 24 bytes back for exactly 64 received; nothing remembered.
            let cookie = cookies.cookie(nonce: nonce, address: address, now: now)
            return [.send(Datagram.cookie(nonce: nonce, cookie: cookie).encoded(), to: address)]
        case .connect(let nonce, let cookie, let resume):
            guard cookies.isValid(cookie, nonce: nonce, address: address, now: now) else {
                droppedDatagrams += 1
                return []
            }
            return connect(nonce: nonce, resume: resume, from: address, now: now)
        case .data(let segment):
            // Read scalars only: holding a copy of the entry would make the in-place update copy its buffers.
            guard let highest = sessions[segment.session]?.session.highestSequenceReceived,
                let current = sessions[segment.session]?.address
            else { return reset(segment.session, to: address) }
            var actions: [LinkServerAction] = []
            if current != address {
                // Only a datagram never seen before may move the session: a replay cannot hijack it,
                // and an old datagram from elsewhere is not heard at all.
                guard segment.sequence > highest else {
                    droppedDatagrams += 1
                    return []
                }
                sessions[segment.session]?.address = address
                actions.append(.migrated(session: segment.session, to: address))
            }
            // Mutate in place (no copy of the session's buffers).
            let events = sessions[segment.session]?.session.receive(datagram, now: now) ?? []
            return actions + apply(events, session: segment.session)
        case .ack(let id, _):
            guard let current = sessions[id]?.address else { return reset(id, to: address) }
            // Acknowledgements carry no new sequence number, so they never move a session; from any
            // other address they are ignored (they could otherwise acknowledge data never received).
            guard current == address else {
                droppedDatagrams += 1
                return []
            }
            let events = sessions[id]?.session.receive(datagram, now: now) ?? []
            return apply(events, session: id)
        case .close(let id, _):
            // Only the session's own address may end it.
            guard let current = sessions[id]?.address, current == address else {
                droppedDatagrams += 1
                return []
            }
            let events = sessions[id]?.session.receive(datagram, now: now) ?? []
            return apply(events, session: id)
        case .cookie, .accept, .reset:
            droppedDatagrams += 1
            return []
        }
    }

    /// Queues one complete frame for a session. Unknown sessions are ignored.
    public mutating func send(frame: [UInt8], to session: UInt64, now: UInt64) -> [LinkServerAction] {
        guard sessions[session] != nil else { return [] }
        let events = sessions[session]?.session.send(frame: frame, now: now) ?? []
        return apply(events, session: session)
    }

    /// Fires every due timer of every session, and forgets sessions silent for `sessionTimeout`.
    public mutating func tick(now: UInt64) -> [LinkServerAction] {
        var actions: [LinkServerAction] = []
        var earliest: UInt64?
        let timeout = configuration.sessionTimeout.nanoseconds
        for id in Array(sessions.keys) {
            guard let lastHeard = sessions[id]?.session.lastHeard else { continue }
            if now >= lastHeard.adding(timeout) {
                remove(id)
                actions.append(.closed(session: id, reason: .timeout))
                continue
            }
            if let deadline = sessions[id]?.session.nextDeadline, deadline <= now {
                let events = sessions[id]?.session.tick(now: now) ?? []
                actions += apply(events, session: id, updateDeadline: false)
            }
            guard let deadline = sessions[id]?.session.nextDeadline, let heard = sessions[id]?.session.lastHeard else { continue }
            earliest = min(earliest ?? .max, min(deadline, heard.adding(timeout)))
        }
        earliestDeadline = earliest
        return actions
    }

    /// Closes a session on the relay's initiative: one CLOSE goes to the client. No `.closed` follows.
    public mutating func close(session: UInt64, reason: LinkCloseReason = .normal, now: UInt64) -> [LinkServerAction] {
        guard let address = sessions[session]?.address else { return [] }
        let events = sessions[session]?.session.close(reason: reason, now: now) ?? []
        remove(session)
        return events.compactMap { event in
            if case .send(let bytes) = event { return .send(bytes, to: address) }
            return nil
        }
    }

    private mutating func connect(nonce: UInt64, resume: UInt64, from address: LinkAddress, now: UInt64) -> [LinkServerAction] {
        if resume != 0 {
            guard var entry = sessions[resume] else { return reset(resume, to: address) }
            var actions: [LinkServerAction] = []
            if entry.address != address {
                entry.address = address
                actions.append(.migrated(session: resume, to: address))
            }
            sessions[resume] = entry
            actions.append(.send(Datagram.accept(nonce: nonce, session: resume).encoded(), to: address))
            return actions
        }
        let origin = Origin(address: address, nonce: nonce)
        if let existing = origins[origin] {
            // A retried CONNECT (the ACCEPT was lost): the same answer, no second session.
            return [.send(Datagram.accept(nonce: nonce, session: existing).encoded(), to: address)]
        }
        guard sessions.count < maxSessions else {
            return [.send(Datagram.close(session: 0, reason: LinkCloseReason.serverFull.rawValue).encoded(), to: address)]
        }
        var id: UInt64
        repeat {
            var w = ByteWriter(capacity: 8)
            w.write(random.next())
            id = idHasher.hash(w.bytes)
        } while id == 0 || sessions[id] != nil
        let session = LinkSession(id: id, configuration: configuration, now: now)
        sessions[id] = Entry(session: session, address: address, origin: origin)
        origins[origin] = id
        noteDeadline(of: id)
        return [
            .opened(session: id, address: address),
            .send(Datagram.accept(nonce: nonce, session: id).encoded(), to: address),
        ]
    }

    /// A RESET is 12 bytes; every datagram that can provoke one is at least 20.
    private mutating func reset(_ id: UInt64, to address: LinkAddress) -> [LinkServerAction] {
        resetsSent += 1
        return [.send(Datagram.reset(session: id).encoded(), to: address)]
    }

    private mutating func apply(_ events: [LinkSessionEvent], session id: UInt64, updateDeadline: Bool = true) -> [LinkServerAction] {
        guard let address = sessions[id]?.address else { return [] }
        var actions: [LinkServerAction] = []
        actions.reserveCapacity(events.count)
        for event in events {
            switch event {
            case .send(let bytes): actions.append(.send(bytes, to: address))
            case .deliver(let frame): actions.append(.deliver(frame: frame, session: id))
            case .down: actions.append(.down(session: id))
            case .up: actions.append(.up(session: id))
            case .closed(let reason):
                remove(id)
                actions.append(.closed(session: id, reason: reason))
            }
        }
        if updateDeadline { noteDeadline(of: id) }
        return actions
    }

    private mutating func noteDeadline(of id: UInt64) {
        guard let deadline = sessions[id]?.session.nextDeadline else { return }
        earliestDeadline = min(earliestDeadline ?? .max, deadline)
    }

    private mutating func remove(_ id: UInt64) {
        guard let entry = sessions.removeValue(forKey: id) else { return }
        origins[entry.origin] = nil
    }
}
