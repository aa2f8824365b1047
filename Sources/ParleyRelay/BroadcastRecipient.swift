import ParleyRelayCore

/// A member of the room, resolved once to the way the shell reaches it, so that a broadcast
/// walks a plain array instead of looking every recipient up.
///
/// Guarded by: the relay's event loop (it holds a `StreamConnection`).
struct BroadcastRecipient {
    /// How a member is reached.
    enum Route {
        /// A Parley client over TCP: frames.
        case framed(StreamConnection)
        /// A line client: text lines.
        case line(StreamConnection)
        /// A Parley client over the UDP link.
        case link(session: UInt64)
    }

    let id: PeerID
    let route: Route
}
