import ParleyWire

/// The relay side of the reliable UDP link: stateless cookies, the session table and address
/// migration, over one `LinkSession` per client.
///
/// A session that hears nothing valid from its client for `LinkConfiguration.linkTimeout` is
/// closed (`LinkSession.SilencePolicy.close`): one CLOSE (timed out) goes to the client's
/// current address and `.closed(session:reason: .timeout)` follows. A relay session is never
/// "down": it is open or gone.
///
/// Nothing is stored for an address until it echoes a valid cookie, and the answer to an
/// unknown or forged datagram is never larger than that datagram, so spoofed floods cost
/// little and cannot be amplified.
public struct LinkServer: Sendable {
    struct Entry: Sendable {
        var session: LinkSession
        var address: LinkAddress
        var origin: Origin
        /// Whether the session is in `pending` (batching only).
        var isPending = false
        /// `false` for a free slot (it holds an empty session).
        var isLive = true
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
    /// The sessions, in slots that are reused; `slotOf` finds a session's slot. An element of an
    /// array is updated in place, where a dictionary's value would be copied out and back in
    /// (with every buffer the session holds retained and released on the way).
    private var slots: [Entry] = []
    private var freeSlots: [Int] = []
    private var slotOf: [UInt64: Int] = [:]
    private var origins: [Origin: UInt64] = [:]
    /// Slots of sessions with something to transmit at the next `flush` (batching only).
    private var pending: [Int] = []
    /// Whether sending waits for `flush` (see `init`).
    public let isBatching: Bool
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
    ///   - batching: when `true`, nothing is transmitted as datagrams arrive or frames are sent:
    ///     the owner calls `flush(now:)` once it has handled a batch (one event-loop pass), and
    ///     every session then sends its DATA (small frames packed together) and at most one
    ///     acknowledgement. When `false`, every call answers at once.
    public init(secret: [UInt8], configuration: LinkConfiguration = LinkConfiguration(), maxSessions: Int, seed: UInt64, batching: Bool = false) {
        precondition(secret.count == 16, "the relay secret must be 16 bytes")
        self.configuration = configuration
        self.isBatching = batching
        self.maxSessions = max(0, maxSessions)
        cookies = CookieAuthority(secret: secret, lifetime: configuration.cookieLifetime)
        idHasher = SipHash(key: secret.reversed())
        random = LinkRandom(seed: seed)
    }

    /// How many sessions are open.
    public var sessionCount: Int { slotOf.count }

    /// The ids of the open sessions.
    public var sessionIDs: [UInt64] { Array(slotOf.keys) }

    /// The address a session currently sends to.
    public func address(of session: UInt64) -> LinkAddress? { slotOf[session].map { slots[$0].address } }

    /// A session's figures, or `nil` for an unknown session.
    public func statistics(for session: UInt64) -> LinkStatistics? { slotOf[session].map { slots[$0].session.statistics } }

    /// Bytes of frames waiting in a session's send queue, or `nil` for an unknown session.
    public func queuedBytes(for session: UInt64) -> Int? { slotOf[session].map { slots[$0].session.queuedBytes } }

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
            guard let slot = slotOf[segment.session] else { return reset(segment.session, to: address) }
            let highest = slots[slot].session.highestSequenceReceived
            var actions: [LinkServerAction] = []
            if slots[slot].address != address {
                // Only a datagram never seen before may move the session: a replay cannot hijack it,
                // and an old datagram from elsewhere is not heard at all.
                guard segment.sequence > highest else {
                    droppedDatagrams += 1
                    return []
                }
                slots[slot].address = address
                actions.append(.migrated(session: segment.session, to: address))
            }
            return actions + receive(datagram, slot: slot, now: now)
        case .ack(let id, _):
            guard let slot = slotOf[id] else { return reset(id, to: address) }
            // Acknowledgements carry no new sequence number, so they never move a session; from any
            // other address they are ignored (they could otherwise acknowledge data never received).
            guard slots[slot].address == address else {
                droppedDatagrams += 1
                return []
            }
            return receive(datagram, slot: slot, now: now)
        case .close(let id, _):
            // Only the session's own address may end it.
            guard let slot = slotOf[id], slots[slot].address == address else {
                droppedDatagrams += 1
                return []
            }
            return receive(datagram, slot: slot, now: now)
        case .cookie, .accept, .reset:
            droppedDatagrams += 1
            return []
        }
    }

    /// Queues one complete frame for a session (sent at once, or at the next `flush` when
    /// batching). Unknown sessions are ignored.
    public mutating func send(frame: [UInt8], to session: UInt64, now: UInt64) -> [LinkServerAction] {
        guard let slot = slotOf[session] else { return [] }
        guard isBatching else {
            let events = slots[slot].session.send(frame: frame, now: now)
            return apply(events, slot: slot)
        }
        let events = slots[slot].session.enqueue(frame: frame, now: now)
        markPending(slot)
        return events.isEmpty ? [] : apply(events, slot: slot, updateDeadline: false)
    }

    /// Transmits what the sessions touched since the last flush have to send: DATA the windows
    /// allow and the acknowledgements owed. Only needed when batching; cheap when nothing is pending.
    public mutating func flush(now: UInt64) -> [LinkServerAction] {
        guard !pending.isEmpty else { return [] }
        var actions: [LinkServerAction] = []
        let due = pending
        pending.removeAll(keepingCapacity: true)
        for slot in due {
            guard slots[slot].isPending else { continue }
            slots[slot].isPending = false
            let events = slots[slot].session.transmit(now: now)
            actions += apply(events, slot: slot)
        }
        return actions
    }

    /// Fires every due timer of every session: retransmissions, keepalives, and the link
    /// timeout, which closes a silent session (one CLOSE to its address, then `.closed`).
    public mutating func tick(now: UInt64) -> [LinkServerAction] {
        var actions = flush(now: now)
        var earliest: UInt64?
        for slot in slots.indices {
            guard slots[slot].isLive else { continue }
            if let deadline = slots[slot].session.nextDeadline, deadline <= now {
                let events = slots[slot].session.tick(now: now)
                actions += apply(events, slot: slot, updateDeadline: false)
            }
            guard slots[slot].isLive, let deadline = slots[slot].session.nextDeadline else { continue }
            earliest = min(earliest ?? .max, deadline)
        }
        earliestDeadline = earliest
        return actions
    }

    /// Closes a session on the relay's initiative: one CLOSE goes to the client. No `.closed` follows.
    public mutating func close(session: UInt64, reason: LinkCloseReason = .normal, now: UInt64) -> [LinkServerAction] {
        guard let slot = slotOf[session] else { return [] }
        let address = slots[slot].address
        // What was queued before the close (a goodbye) goes first, as far as the window allows.
        var events = isBatching ? slots[slot].session.transmit(now: now) : []
        events += slots[slot].session.close(reason: reason, now: now)
        remove(slot: slot)
        return events.compactMap { event in
            if case .send(let bytes) = event { return .send(bytes, to: address) }
            return nil
        }
    }

    /// Hands a datagram for a known session to it (in place).
    private mutating func receive(_ datagram: Datagram, slot: Int, now: UInt64) -> [LinkServerAction] {
        let events = slots[slot].session.receive(datagram, now: now, transmitting: !isBatching)
        guard isBatching else { return apply(events, slot: slot) }
        markPending(slot)
        // The deadline is noted when `flush` transmits.
        return apply(events, slot: slot, updateDeadline: false)
    }

    private mutating func markPending(_ slot: Int) {
        guard !slots[slot].isPending else { return }
        slots[slot].isPending = true
        pending.append(slot)
    }

    private mutating func connect(nonce: UInt64, resume: UInt64, from address: LinkAddress, now: UInt64) -> [LinkServerAction] {
        if resume != 0 {
            guard let slot = slotOf[resume] else { return reset(resume, to: address) }
            var actions: [LinkServerAction] = []
            if slots[slot].address != address {
                slots[slot].address = address
                actions.append(.migrated(session: resume, to: address))
            }
            actions.append(.send(Datagram.accept(nonce: nonce, session: resume).encoded(), to: address))
            return actions
        }
        let origin = Origin(address: address, nonce: nonce)
        if let existing = origins[origin] {
            // A retried CONNECT (the ACCEPT was lost): the same answer, no second session.
            return [.send(Datagram.accept(nonce: nonce, session: existing).encoded(), to: address)]
        }
        guard slotOf.count < maxSessions else {
            return [.send(Datagram.close(session: 0, reason: LinkCloseReason.serverFull.rawValue).encoded(), to: address)]
        }
        var id: UInt64
        repeat {
            var w = ByteWriter(capacity: 8)
            w.write(random.next())
            id = idHasher.hash(w.bytes)
        } while id == 0 || slotOf[id] != nil
        let session = LinkSession(id: id, configuration: configuration, now: now, silencePolicy: .close)
        let entry = Entry(session: session, address: address, origin: origin)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = entry
        } else {
            slot = slots.count
            slots.append(entry)
        }
        slotOf[id] = slot
        origins[origin] = id
        noteDeadline(of: slot)
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

    private mutating func apply(_ events: [LinkSessionEvent], slot: Int, updateDeadline: Bool = true) -> [LinkServerAction] {
        guard slots[slot].isLive else { return [] }
        let address = slots[slot].address
        let id = slots[slot].session.id
        var actions: [LinkServerAction] = []
        actions.reserveCapacity(events.count)
        for event in events {
            switch event {
            case .send(let bytes): actions.append(.send(bytes, to: address))
            case .deliver(let frame): actions.append(.deliver(frame: frame, session: id))
            case .down, .up: break  // never: a relay session closes at the link timeout instead
            case .closed(let reason):
                remove(slot: slot)
                actions.append(.closed(session: id, reason: reason))
            }
        }
        if updateDeadline { noteDeadline(of: slot) }
        return actions
    }

    private mutating func noteDeadline(of slot: Int) {
        guard slots[slot].isLive, let deadline = slots[slot].session.nextDeadline else { return }
        earliestDeadline = min(earliestDeadline ?? .max, deadline)
    }

    private mutating func remove(slot: Int) {
        guard slots[slot].isLive else { return }
        let id = slots[slot].session.id
        let origin = slots[slot].origin
        // A free slot keeps an empty session: its buffers are released now.
        slots[slot] = Entry(session: LinkSession(id: 0, configuration: configuration, now: 0), address: LinkAddress(bytes: []), origin: origin, isLive: false)
        freeSlots.append(slot)
        slotOf[id] = nil
        origins[origin] = nil
    }
}
