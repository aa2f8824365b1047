import ParleyRelayCore

/// How the shell reaches one peer.
///
/// `RelayEngine.peers` holds one per connection: set when a TCP connection is accepted or a UDP
/// session opens, and removed when it closes. It is the shell's own record, never derived from
/// the core's state: the core names recipients by `PeerID`, the shell looks up how to reach them.
///
/// Guarded by: the relay's event loop (it holds a `StreamConnection`).
enum PeerRoute {
    /// A TCP connection: frames or text lines, as `StreamConnection.transport` says once the
    /// core has identified it (nothing is sent to it before).
    case stream(StreamConnection)
    /// A Parley client over the UDP link: one frame per message on this session.
    case link(session: UInt64)
}
