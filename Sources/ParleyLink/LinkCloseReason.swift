/// Why a link session ended. The raw value travels in CLOSE datagrams.
public enum LinkCloseReason: UInt8, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// The owner (this end or the peer) closed the session on purpose.
    case normal = 0
    /// Nothing was heard from the peer for `LinkConfiguration.linkTimeout` (sent by the relay).
    case timeout = 1
    /// The relay already holds its maximum number of sessions.
    case serverFull = 2
    /// The frames waiting to be sent exceeded `LinkConfiguration.maxQueuedBytes`.
    case sendQueueOverflow = 3
    /// The peer does not know this session (it expired or the peer restarted).
    case reset = 4
    /// The session used up its 32-bit sequence numbers.
    case sequenceExhausted = 5
    /// The peer sent a close reason this build does not know.
    case unknown = 255

    /// Maps a CLOSE datagram's reason byte, unknown values included.
    public init(code: UInt8) {
        self = LinkCloseReason(rawValue: code) ?? .unknown
    }

    /// A sentence fragment for logs and status lines.
    public var description: String {
        switch self {
        case .normal: return "closed"
        case .timeout: return "timed out: nothing heard from the peer"
        case .serverFull: return "the relay is full"
        case .sendQueueOverflow: return "too much data waiting to be sent"
        case .reset: return "the peer no longer knows this session"
        case .sequenceExhausted: return "sequence numbers exhausted"
        case .unknown: return "closed by the peer"
        }
    }
}
