import ParleyWire

/// Every decision the relay makes, as a pure state machine: events in, actions out.
///
/// The core knows the connections, the room (who has joined, under which nick), the history
/// ring, idempotency keys, rate limits and timeouts. It never touches a socket or a clock: the
/// shell passes time in with each event and carries out the returned actions in order.
///
/// One global order: chat ids are stamped here, consecutively from 1, so every peer on every
/// transport sees messages in the same order.
public struct RelayCore: Sendable {
    /// The policies in force.
    public let settings: RelaySettings
    /// How messages are shown to line clients (the shell formats broadcasts with it once).
    public let lineFormatter: LineFormatter
    /// Every connection the core knows, joined or not.
    var peers: [PeerID: Peer] = [:]
    /// The peers in the room: every broadcast goes to each of them.
    public internal(set) var room: Set<PeerID> = [] {
        didSet { roomVersion &+= 1 }
    }
    /// Changes whenever `room` does, so a shell can cache what it derives from the room.
    public private(set) var roomVersion: UInt64 = 0
    /// Case-folded nick → the member who holds it.
    var members: [String: PeerID] = [:]
    var history: History
    var ledger: SubmissionLedger
    var random: SplitMix64
    var counters = RelayStatistics()
    var nextReportAt: UInt64?
    var refusalsPending = 0
    /// Resume tokens: the latest one given under each case-folded nick.
    var resumeTokens: ResumeTokens
    /// Connections counted against `RelaySettings.maxPeersPerAddress`, by address.
    var connectionsByAddress: [String: Int] = [:]
    /// Presence notices waiting for the next batch (see `announce`).
    var deferredPresence: [DeferredNotice] = []
    /// Whether `shutdown` has been handled; every later connection is turned away.
    public internal(set) var isShuttingDown = false

    /// A relay with no peers and an empty history.
    public init(settings: RelaySettings = RelaySettings()) {
        self.settings = settings
        self.lineFormatter = LineFormatter(utcOffsetSeconds: settings.utcOffsetSeconds)
        self.history = History(capacity: settings.historyCapacity)
        self.ledger = SubmissionLedger(keysPerNick: settings.recentKeysPerNick, nickCapacity: settings.trackedNicks)
        self.random = SplitMix64(seed: settings.seed)
        self.resumeTokens = ResumeTokens(settings: settings)
    }

    /// Connections counted against `RelaySettings.maxPeers` (those being refused are not).
    public var peerCount: Int { peers.count - refusalsPending }

    /// The id of the newest chat message (0: none yet).
    public var lastID: UInt64 { history.lastID }

    /// How a peer is connected, once known.
    public func transport(of peer: PeerID) -> Transport? { peers[peer]?.transport }

    /// A member's nick, or `nil` if the peer is not in the room.
    public func nick(of peer: PeerID) -> String? {
        guard let peer = peers[peer], peer.phase == .joined else { return nil }
        return peer.nick
    }

    /// The counters so far, with the current number of peers.
    public func statistics(now: UInt64) -> RelayStatistics {
        var snapshot = counters
        snapshot.time = now
        snapshot.pendingPeers = peers.count - room.count
        var byTransport: [Transport: Int] = [:]
        for id in room { if let transport = peers[id]?.transport { byTransport[transport, default: 0] += 1 } }
        snapshot.peers = byTransport
        return snapshot
    }

    /// Takes one event and returns what the shell must do, in order.
    public mutating func handle(_ event: RelayEvent) -> [RelayAction] {
        var out: [RelayAction] = []
        switch event {
        case .streamOpened(let id, let address, let now):
            open(id, transport: nil, address: address, now: now, into: &out)
        case .linkOpened(let id, let address, let now):
            open(id, transport: .udp, address: address, now: now, into: &out)
        case .streamBytes(let id, let bytes, let now):
            receive(bytes, from: id, now: now, into: &out)
        case .linkFrame(let id, let frame, let now):
            receive(frame: frame, from: id, now: now, into: &out)
        case .inputClosed(let id, let now):
            endOfInput(from: id, now: now, into: &out)
        case .disconnected(let id, let reason, let now):
            remove(id, reason: reason, detail: "", now: now, then: nil, into: &out)
        case .backlogged(let id, let bytes, let now):
            backlog(id, bytes: bytes, now: now, into: &out)
        case .tick(let now):
            tick(now: now, into: &out)
        case .shutdown(let now):
            shutdown(now: now, into: &out)
        }
        return out
    }
}
