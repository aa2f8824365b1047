import ParleyWire

/// The client side of the reliable UDP link: the handshake (INIT → COOKIE → CONNECT → ACCEPT,
/// retried with backoff on loss), then one `LinkSession`; `resume` rejoins the same session
/// from a new local address.
///
/// Frames sent before the handshake completes wait in a queue (bounded by `maxQueuedBytes`).
public struct LinkClient: Sendable {
    enum Phase: Sendable, Equatable {
        case idle
        case initiating
        case connecting(Cookie)
        case established
        case closed
    }

    /// The timers and bounds in use.
    public let configuration: LinkConfiguration

    private var phase = Phase.idle
    private var nonce: UInt64
    private var random: LinkRandom
    private var session: LinkSession?
    /// Frames waiting for the handshake.
    private var early: [[UInt8]] = []
    private var earlyBytes = 0
    private var handshakeStarted: UInt64 = 0
    private var handshakeAttempts = 0
    private var handshakeRetry: UInt64 = 0
    private var cookieReceived: UInt64 = 0
    private var handshakeDownReported = false
    private var dropped: UInt64 = 0
    private var rejected: UInt64 = 0

    /// Creates a client that will introduce itself with `nonce`.
    ///
    /// - Parameter seed: seeds the generator for later nonces (`resume`).
    public init(nonce: UInt64, configuration: LinkConfiguration = LinkConfiguration(), seed: UInt64) {
        self.configuration = configuration
        self.nonce = nonce
        random = LinkRandom(seed: seed)
    }

    /// The session id once established.
    public var sessionID: UInt64? { session?.id }

    /// Whether the handshake has completed and the link is not closed.
    public var isEstablished: Bool { session != nil && phase != .closed }

    /// Whether the link is over.
    public var isClosed: Bool { phase == .closed }

    /// The link's figures (queued frames include those waiting for the handshake).
    public var statistics: LinkStatistics {
        var s = session?.statistics ?? LinkStatistics()
        s.queuedFrames += early.count
        s.queuedBytes += earlyBytes
        s.malformedDropped += dropped
        s.framesRejected += rejected
        if session == nil { s.isDown = handshakeDownReported }
        return s
    }

    /// When `tick` should next be called; `nil` before `start` and after close.
    public var nextDeadline: UInt64? {
        switch phase {
        case .idle, .closed: return nil
        case .established: return session?.nextDeadline
        case .initiating, .connecting:
            var deadline = handshakeRetry
            if session == nil, !handshakeDownReported {
                deadline = min(deadline, handshakeStarted.adding(configuration.linkTimeout.nanoseconds))
            }
            if let other = session?.nextDeadline { deadline = min(deadline, other) }
            return deadline
        }
    }

    /// Begins the handshake: sends INIT.
    public mutating func start(now: UInt64) -> [LinkClientAction] {
        guard phase == .idle else { return [] }
        handshakeStarted = now
        return beginHandshake(now: now)
    }

    /// Rejoins the same session after the local address changed (a new socket): a new handshake
    /// with `resumeSession`, while the session keeps its state. Does nothing unless established.
    public mutating func resume(now: UInt64) -> [LinkClientAction] {
        guard phase == .established, session != nil else { return [] }
        nonce = random.next()
        return beginHandshake(now: now)
    }

    /// Handles one datagram from the relay. Garbage is counted and dropped.
    public mutating func receive(_ bytes: [UInt8], now: UInt64) -> [LinkClientAction] {
        receive(bytes, now: now, transmitting: true)
    }

    /// Handles one datagram as `receive(_:now:)` does; with `transmitting` false, what a session
    /// datagram calls for (its acknowledgement, DATA it lets out) waits for `transmit(now:)`,
    /// so that a batch of datagrams read together is acknowledged once.
    public mutating func receive(_ bytes: [UInt8], now: UInt64, transmitting: Bool) -> [LinkClientAction] {
        guard phase != .idle, phase != .closed else { return [] }
        let datagram: Datagram
        do {
            datagram = try Datagram.decode(bytes)
        } catch {
            dropped += 1
            return []
        }
        switch datagram {
        case .cookie(let echoed, let cookie):
            guard echoed == nonce, phase == .initiating else { return dropping() }
            phase = .connecting(cookie)
            cookieReceived = now
            handshakeAttempts = 0
            return sendHandshake(now: now)
        case .accept(let echoed, let id):
            guard echoed == nonce, case .connecting = phase else { return dropping() }
            if let session {
                // A resume: the relay must answer with the same session.
                guard session.id == id else { return dropping() }
                phase = .established
                return []
            }
            return establish(id: id, now: now)
        case .close(let id, let code) where session == nil && id == 0:
            // Refused during the handshake (the relay is full).
            phase = .closed
            return [.closed(reason: LinkCloseReason(code: code))]
        case .reset(let id) where session == nil || id != session?.id:
            return dropping()
        default:
            guard session != nil, datagram.session == session?.id else { return dropping() }
            let events = session?.receive(datagram, now: now, transmitting: transmitting) ?? []
            return translate(events)
        }
    }

    /// Queues one complete frame (at most `Limits.maxFrameBytes`) and sends what the window allows.
    public mutating func send(frame: [UInt8], now: UInt64) -> [LinkClientAction] {
        guard phase != .closed else { return [] }
        guard session == nil else { return translate(session?.send(frame: frame, now: now) ?? []) }
        guard !frame.isEmpty, frame.count <= Limits.maxFrameBytes else {
            rejected += 1
            return []
        }
        guard earlyBytes + frame.count <= configuration.maxQueuedBytes else {
            phase = .closed
            return [.closed(reason: .sendQueueOverflow)]
        }
        early.append(frame)
        earlyBytes += frame.count
        return []
    }

    /// Queues a frame as `send(frame:now:)` does, but once established sends nothing until
    /// `transmit(now:)`: a burst queued this way leaves with small frames packed together.
    public mutating func enqueue(frame: [UInt8], now: UInt64) -> [LinkClientAction] {
        guard phase != .closed else { return [] }
        guard session == nil else { return translate(session?.enqueue(frame: frame, now: now) ?? []) }
        return send(frame: frame, now: now)
    }

    /// Sends what `enqueue(frame:now:)` queued, as far as the windows allow.
    public mutating func transmit(now: UInt64) -> [LinkClientAction] {
        guard phase != .closed, session != nil else { return [] }
        return translate(session?.transmit(now: now) ?? [])
    }

    /// Fires due timers: handshake retries, retransmissions, keepalives, dead-peer detection.
    public mutating func tick(now: UInt64) -> [LinkClientAction] {
        var actions: [LinkClientAction] = []
        switch phase {
        case .idle, .closed: return []
        case .initiating, .connecting:
            if session == nil, !handshakeDownReported, now >= handshakeStarted.adding(configuration.linkTimeout.nanoseconds) {
                handshakeDownReported = true
                actions.append(.down(reason: "no answer from the relay"))
            }
            if now >= handshakeRetry {
                if case .connecting = phase,
                    now >= cookieReceived.adding(configuration.cookieLifetime.nanoseconds / 2)
                {
                    // The cookie may have expired on the relay's clock: ask for a new one.
                    actions += beginHandshake(now: now)
                } else {
                    handshakeAttempts += 1
                    actions += sendHandshake(now: now)
                }
            }
        case .established:
            break
        }
        if session != nil {
            actions += translate(session?.tick(now: now) ?? [])
        }
        return actions
    }

    /// Closes the link: one CLOSE goes to the relay. No `.closed` follows.
    public mutating func close(now: UInt64) -> [LinkClientAction] {
        guard phase != .closed else { return [] }
        let wasStarted = phase != .idle
        phase = .closed
        guard wasStarted, let events = session?.close(reason: .normal, now: now) else { return [] }
        return translate(events)
    }

    private mutating func beginHandshake(now: UInt64) -> [LinkClientAction] {
        phase = .initiating
        handshakeAttempts = 0
        return sendHandshake(now: now)
    }

    private mutating func sendHandshake(now: UInt64) -> [LinkClientAction] {
        var delay = configuration.initialRTO.nanoseconds
        for _ in 0..<min(handshakeAttempts, 16) { delay = delay.adding(delay) }
        handshakeRetry = now.adding(min(delay, configuration.maxRTO.nanoseconds))
        switch phase {
        case .connecting(let cookie):
            return [.send(Datagram.connect(nonce: nonce, cookie: cookie, resumeSession: session?.id ?? 0).encoded())]
        default:
            return [.send(Datagram.initiate(nonce: nonce).encoded())]
        }
    }

    private mutating func establish(id: UInt64, now: UInt64) -> [LinkClientAction] {
        phase = .established
        var actions: [LinkClientAction] = []
        if handshakeDownReported {
            handshakeDownReported = false
            actions.append(.up)
        }
        actions.append(.established(session: id))
        var fresh = LinkSession(id: id, configuration: configuration, now: now)
        var events: [LinkSessionEvent] = []
        for frame in early { events += fresh.send(frame: frame, now: now) }
        early = []
        earlyBytes = 0
        session = fresh
        return actions + translate(events)
    }

    private mutating func dropping() -> [LinkClientAction] {
        dropped += 1
        return []
    }

    private mutating func translate(_ events: [LinkSessionEvent]) -> [LinkClientAction] {
        var actions: [LinkClientAction] = []
        actions.reserveCapacity(events.count)
        for event in events {
            switch event {
            case .send(let bytes): actions.append(.send(bytes))
            case .deliver(let frame): actions.append(.deliver(frame))
            case .down: actions.append(.down(reason: "nothing heard from the relay"))
            case .up: actions.append(.up)
            case .closed(let reason):
                phase = .closed
                actions.append(.closed(reason: reason))
            }
        }
        return actions
    }
}
