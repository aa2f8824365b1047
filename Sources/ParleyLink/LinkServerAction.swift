/// What a `LinkServer` asks the relay shell to do or tells it.
public enum LinkServerAction: Equatable, Sendable {
    /// Send these bytes to this address.
    case send([UInt8], to: LinkAddress)
    /// A client completed the handshake; the session is ready for frames.
    case opened(session: UInt64, address: LinkAddress)
    /// A complete Parley frame (5-byte header and body) arrived on a session, in order, exactly once.
    case deliver(frame: [UInt8], session: UInt64)
    /// A session's client now sends from another address (NAT rebinding or an explicit resume).
    case migrated(session: UInt64, to: LinkAddress)
    /// The session is gone (peer CLOSE, reset, queue overflow, or `.timeout`: nothing heard for
    /// `linkTimeout`, and the relay sent the client a CLOSE saying so); its id is now unknown.
    case closed(session: UInt64, reason: LinkCloseReason)
}
