import ParleyWire

/// Who is in the room, as the relay last told us, kept up to date by JOINED, LEFT and RENAMED.
public struct PeerRoster: Equatable, Sendable {
    /// The most people the client keeps track of, however long a roster the relay sends.
    public static let maxEntries = 100_000

    /// Keyed by the case-folded nick.
    private var entries: [String: RosterEntry] = [:]
    /// Pages of a ROSTER reply still arriving.
    private var incoming: [RosterEntry] = []

    /// Creates an empty roster.
    public init() {}

    /// How many people are here (ourselves included, once the relay has told us).
    public var count: Int { entries.count }

    /// Everyone, sorted by nick ignoring case.
    public var sorted: [RosterEntry] {
        entries.sorted { $0.key < $1.key }.map(\.value)
    }

    /// Whether `nick` (any case) is here.
    public func contains(_ nick: String) -> Bool { entries[Nick.folded(nick)] != nil }

    /// The entry for `nick` (any case).
    public func entry(for nick: String) -> RosterEntry? { entries[Nick.folded(nick)] }

    /// Takes in one ROSTER page. Returns `true` when it was the final page and the roster was replaced.
    public mutating func receive(_ page: Roster) -> Bool {
        incoming.append(contentsOf: page.entries.prefix(max(0, PeerRoster.maxEntries - incoming.count)))
        guard page.isFinal else { return false }
        entries = [:]
        for entry in incoming { entries[Nick.folded(entry.nick)] = entry }
        incoming = []
        return true
    }

    /// Adds or updates one person.
    public mutating func add(_ entry: RosterEntry) {
        let key = Nick.folded(entry.nick)
        guard entries[key] != nil || entries.count < PeerRoster.maxEntries else { return }
        entries[key] = entry
    }

    /// Removes one person.
    public mutating func remove(_ nick: String) {
        entries[Nick.folded(nick)] = nil
    }

    /// Renames one person, keeping their transport.
    public mutating func rename(_ old: String, to new: String) {
        let entry = entries.removeValue(forKey: Nick.folded(old))
        add(RosterEntry(nick: new, transport: entry?.transport ?? .tcp))
    }

    /// Forgets everyone (the connection dropped; each room's ENTERED is followed by a fresh roster).
    public mutating func removeAll() {
        entries = [:]
        incoming = []
    }
}
