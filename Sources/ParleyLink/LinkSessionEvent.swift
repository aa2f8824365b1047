/// What a `LinkSession` asks its owner to do or tells it.
public enum LinkSessionEvent: Equatable, Sendable {
    /// Send these bytes to the peer.
    case send([UInt8])
    /// A complete frame arrived, in order, exactly once.
    case deliver([UInt8])
    /// Nothing was heard from the peer for `linkTimeout`; the session keeps trying
    /// (`SilencePolicy.reportDown` only: a `.close` session ends instead).
    case down
    /// The peer was heard again after `down`.
    case up
    /// The session is over; it does nothing more.
    case closed(LinkCloseReason)
}
