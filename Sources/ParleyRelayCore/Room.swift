import ParleyWire

/// One room: its members, its topic and its own history, with its own id sequence.
struct Room: Sendable {
    /// The name as it was created (its case kept).
    let name: String
    /// Members that are Parley clients (TCP or UDP), in the order they entered.
    var framed: [PeerID] = []
    /// Members that are line clients.
    var lines: [PeerID] = []
    var topic = ""
    var topicSetBy = ""
    var topicTime: UInt64 = 0
    var history: History
    /// When the last member left (`nil` while it has members); the room empty longest makes way
    /// for a new one when the relay is at its room limit.
    var emptySince: UInt64?

    /// A new room whose first message will be `idsAfter + 1`.
    init(name: String, capacity: Int, idsAfter: UInt64 = 0, now: UInt64) {
        self.name = name
        self.history = History(capacity: capacity, lastID: idsAfter)
        self.emptySince = now
    }

    /// How many people are in it.
    var memberCount: Int { framed.count + lines.count }

    /// Every member, Parley clients first.
    var members: [PeerID] { framed + lines }

    mutating func add(_ id: PeerID, framed isFramed: Bool) {
        if isFramed { framed.append(id) } else { lines.append(id) }
        emptySince = nil
    }

    mutating func remove(_ id: PeerID, now: UInt64) {
        if let index = framed.firstIndex(of: id) {
            framed.remove(at: index)
        } else if let index = lines.firstIndex(of: id) {
            lines.remove(at: index)
        }
        if memberCount == 0 { emptySince = now }
    }
}
