/// What a `LinkClient` asks the client shell to do or tells it.
public enum LinkClientAction: Equatable, Sendable {
    /// Send these bytes to the relay.
    case send([UInt8])
    /// The handshake completed; frames now flow. Frames queued before it are on their way.
    case established(session: UInt64)
    /// A complete Parley frame arrived, in order, exactly once.
    case deliver([UInt8])
    /// Nothing heard from the relay for `linkTimeout`; the client keeps trying.
    case down(reason: String)
    /// The relay was heard again after `down`.
    case up
    /// The link is over; nothing more will be delivered. Start a new `LinkClient` to reconnect.
    case closed(reason: LinkCloseReason)
}
