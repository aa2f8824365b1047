/// Every size on the wire that a peer can influence, in one place.
///
/// Decoders check these before they allocate, so a peer can never make Parley reserve
/// memory of a size it merely claimed.
public enum Limits {
    /// The largest frame on a TCP stream or reassembled from UDP fragments, header included.
    public static let maxFrameBytes = 65_536
    /// The largest frame body: `maxFrameBytes` less the 5-byte frame header.
    public static let maxBodyBytes = maxFrameBytes - FrameHeader.size
    /// The longest chat text, in bytes of UTF-8. Multi-line text is allowed.
    public static let maxTextBytes = 4096
    /// The longest nick, in characters (every allowed character is one ASCII byte).
    public static let maxNickLength = 32
    /// The longest free-form detail (a quit reason, an error sentence, a notice), in bytes.
    public static let maxDetailBytes = 1024
    /// The most roster entries carried by one ROSTER frame; longer rosters span several frames.
    public static let maxRosterEntriesPerFrame = 1000
    /// The longest room name, `#` included, in bytes (every allowed character is one ASCII byte).
    public static let maxRoomNameBytes = 32
    /// The longest room topic, in bytes of UTF-8.
    public static let maxTopicBytes = 512
    /// The most rooms one connection may be in at once (and list in HELLO).
    public static let maxRoomsPerPeer = 32
    /// The most rooms carried by one ROOMS frame; longer lists span several frames.
    public static let maxRoomsPerFrame = 100
    /// The most SUBMITs a client keeps unacknowledged at once: sent, with neither their CHAT echo
    /// nor their ERROR yet. Later messages wait, unsent, until earlier ones are answered.
    ///
    /// A relay remembers at least this many accepted idempotency keys per nick, so every SUBMIT a
    /// client re-sends after a reconnect is still recognised and never delivered twice (§3.2).
    public static let maxSubmitsInFlight = 32
    /// The largest UDP datagram Parley sends or accepts.
    public static let maxDatagramBytes = 1200
}
