import ParleyStoreModel
import ParleyWire

/// Every decision the relay makes, as a pure state machine: events in, actions out.
///
/// The core knows the connections, the people (by nick), the rooms with their members, topics
/// and histories, idempotency keys, rate limits and timeouts. It never touches a socket or a
/// clock: the shell passes time in with each event and carries out the returned actions in
/// order. It decides who receives every message (`RelayAction.deliver` names the audience), so
/// the shell never reads its state to route anything.
///
/// Ids: each room stamps its own messages consecutively from 1, and private messages have one
/// sequence of their own; every member of a room sees its messages in the same order,
/// whatever their transport. The history epoch is drawn at start, or kept by the store: ids
/// compare only within it.
///
/// Durable relays (`RelaySettings.durable`) ask a store to keep every accepted message
/// (`RelayAction.store`) and deliver it, the sender's echo included, only once the store says
/// it is committed (`RelayEvent.stored`): whatever anyone saw is stored.
public struct RelayCore: Sendable {
    /// The policies in force.
    public let settings: RelaySettings
    /// How messages are shown to line clients (the shell formats deliveries with it once).
    public let lineFormatter: LineFormatter
    /// This relay's history epoch (never 0): the store's, or a new one at every start when
    /// history is in memory only.
    public let epoch: UInt64
    /// Every connection the core knows, welcomed or not.
    var peers: [PeerID: Peer] = [:]
    /// Case-folded nick → the connection that holds it.
    var members: [String: PeerID] = [:]
    /// Case-folded room name → the room.
    var rooms: [String: Room] = [:]
    /// Room messages stamped in this epoch, in every room: a room made (or made again, after an
    /// empty one was dropped) numbers its messages after this, so no id of a room's name is
    /// ever reused within the epoch and an old cursor can never pass for a complete resume.
    var roomMessagesStamped: UInt64 = 0
    /// Private messages, with their own id sequence.
    var privateHistory: History
    /// The id given to the newest private message accepted, stored or not yet.
    var privateStampedID: UInt64 = 0
    /// Messages accepted and waiting for their store write to commit, oldest first from
    /// `awaitingHead` (durable relays only).
    var awaiting: [AwaitingCommit] = []
    var awaitingHead = 0
    /// The submissions among `awaiting`.
    var awaitingKeys: Set<SubmissionKey> = []
    var storeSequence: UInt64 = 0
    var storeGeneration: UInt64 = 0
    /// The last store write failed, and none has committed since.
    var storeFailing = false
    var nextExpiryAt: UInt64 = 0
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

    /// A relay with no peers, and the rooms, histories, idempotency keys and resume tokens a
    /// store kept (with `#lobby` whatever it kept), in the store's epoch.
    public init(settings: RelaySettings = RelaySettings(), restoring snapshot: StoreSnapshot) {
        self.init(settings: settings, epoch: snapshot.epoch)
        restore(snapshot)
        if rooms[RoomName.lobby] == nil {
            rooms[RoomName.lobby] = Room(name: RoomName.lobby, capacity: settings.historyCapacity, idsAfter: roomMessagesStamped, now: 0)
        }
    }

    /// A relay with no peers, only `#lobby`, and an empty history.
    public init(settings: RelaySettings = RelaySettings()) {
        self.init(settings: settings, epoch: nil)
    }

    private init(settings: RelaySettings, epoch restored: UInt64?) {
        self.settings = settings
        self.lineFormatter = LineFormatter(utcOffsetSeconds: settings.utcOffsetSeconds)
        self.privateHistory = History(capacity: settings.historyCapacity)
        self.ledger = SubmissionLedger(keysPerNick: settings.recentKeysPerNick, nickCapacity: settings.trackedNicks)
        var random = SplitMix64(seed: settings.seed)
        var epoch = random.next()
        if !settings.secret.isEmpty { epoch = SipHash(key: settings.secret).hash(Array("history epoch".utf8)) }
        if let restored, restored != 0 { epoch = restored }
        self.epoch = epoch == 0 ? 1 : epoch
        self.random = random
        self.resumeTokens = ResumeTokens(settings: settings)
        if restored == nil { rooms[RoomName.lobby] = Room(name: RoomName.lobby, capacity: settings.historyCapacity, now: 0) }
    }

    /// Connections counted against `RelaySettings.maxPeers` (those being refused are not).
    public var peerCount: Int { peers.count - refusalsPending }

    /// How many rooms the relay holds.
    public var roomCount: Int { rooms.count }

    /// The newest message id of a room (0: none yet, or no such room).
    public func lastID(in room: String) -> UInt64 { rooms[RoomName.folded(room)]?.history.lastID ?? 0 }

    /// A room's members, Parley clients first (empty if there is no such room).
    public func members(of room: String) -> [PeerID] { rooms[RoomName.folded(room)]?.members ?? [] }

    /// How a peer is connected, once known.
    public func transport(of peer: PeerID) -> Transport? { peers[peer]?.transport }

    /// A welcomed peer's nick, or `nil`.
    public func nick(of peer: PeerID) -> String? {
        guard let peer = peers[peer], peer.phase == .joined else { return nil }
        return peer.nick
    }

    /// The rooms a peer is in, by name as created, in the order it entered them.
    public func rooms(of peer: PeerID) -> [String] {
        peers[peer]?.rooms.compactMap { rooms[$0]?.name } ?? []
    }

    /// The counters so far, with the current number of peers.
    public func statistics(now: UInt64) -> RelayStatistics {
        var snapshot = counters
        snapshot.time = now
        snapshot.pendingPeers = peers.count - members.count
        snapshot.rooms = rooms.count
        var byTransport: [Transport: Int] = [:]
        for id in members.values { if let transport = peers[id]?.transport { byTransport[transport, default: 0] += 1 } }
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
        case .stored(let ticket, let now):
            stored(through: ticket, now: now, into: &out)
        case .storeFailed(let ticket, let reason, let now):
            storeFailed(through: ticket, reason: reason, now: now, into: &out)
        }
        return out
    }
}
