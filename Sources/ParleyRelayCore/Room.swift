import ParleyWire

/// One room: its members, its topic and its own history, with its own id sequence.
struct Room: Sendable {
    /// The name as it was created (its case kept).
    let name: String
    /// Members that are Parley clients (TCP or UDP), in the order they entered.
    var framed: [PeerID] = []
    /// Members that are line clients whose current room this is (their plain lines go here,
    /// and they see its messages without the room's name).
    var linesHere: [PeerID] = []
    /// Members that are line clients whose current room is another one (or who talk privately
    /// with someone): they see this room's messages with its name.
    var linesAway: [PeerID] = []
    var topic = ""
    var topicSetBy = ""
    var topicTime: UInt64 = 0
    var history: History
    /// The id given to the newest message accepted, stored or not yet (`history.lastID` until
    /// the store commits it).
    var stampedID: UInt64
    /// When the last member left (`nil` while it has members); the room empty longest makes way
    /// for a new one when the relay is at its room limit.
    var emptySince: UInt64?

    /// A new room whose first message will be `idsAfter + 1`.
    init(name: String, capacity: Int, idsAfter: UInt64 = 0, now: UInt64) {
        self.name = name
        self.history = History(capacity: capacity, lastID: idsAfter)
        self.stampedID = idsAfter
        self.emptySince = now
    }

    /// How many people are in it.
    var memberCount: Int { framed.count + linesHere.count + linesAway.count }

    /// Members that are line clients.
    var lines: [PeerID] { linesHere + linesAway }

    /// Every member, Parley clients first.
    var members: [PeerID] { framed + linesHere + linesAway }

    /// Everyone in the room as the shell needs them, kept ready so that a message costs no
    /// lookup per member.
    func audience(except: PeerID?) -> Audience {
        Audience(framed: framed, lines: linesHere, linesElsewhere: linesAway, except: except)
    }

    /// A Parley client enters.
    mutating func add(_ id: PeerID) {
        framed.append(id)
        emptySince = nil
    }

    /// A line client enters; `isCurrent`: this becomes its current room.
    mutating func addLine(_ id: PeerID, isCurrent: Bool) {
        if isCurrent { linesHere.append(id) } else { linesAway.append(id) }
        emptySince = nil
    }

    /// Whether this is a line client member's current room (no-op for anyone else).
    mutating func setCurrent(_ id: PeerID, _ isCurrent: Bool) {
        if isCurrent, let index = linesAway.firstIndex(of: id) {
            linesAway.remove(at: index)
            linesHere.append(id)
        } else if !isCurrent, let index = linesHere.firstIndex(of: id) {
            linesHere.remove(at: index)
            linesAway.append(id)
        }
    }

    mutating func remove(_ id: PeerID, now: UInt64) {
        if let index = framed.firstIndex(of: id) {
            framed.remove(at: index)
        } else if let index = linesHere.firstIndex(of: id) {
            linesHere.remove(at: index)
        } else if let index = linesAway.firstIndex(of: id) {
            linesAway.remove(at: index)
        }
        if memberCount == 0 { emptySince = now }
    }
}
