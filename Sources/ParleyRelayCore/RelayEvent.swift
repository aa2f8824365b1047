import ParleyWire

/// Something that happened at the relay's edge, handed to `RelayCore.handle(_:)`.
///
/// Every event carries `now`: milliseconds since 1970-01-01 UTC from a clock the shell keeps
/// from going backwards. The core stamps messages with it and measures every timeout with it.
public enum RelayEvent: Equatable, Sendable {
    /// A TCP connection was accepted from `address` (`PeerAddress.key`; empty if unknown, and
    /// then not counted against `RelaySettings.maxPeersPerAddress`). Whether it is a Parley or
    /// a line client is learned from its first byte.
    case streamOpened(PeerID, from: String, now: UInt64)
    /// A UDP link session opened from `address` (its handshake is done); its first frame should be HELLO.
    case linkOpened(PeerID, from: String, now: UInt64)
    /// Bytes arrived on a TCP stream.
    case streamBytes(PeerID, [UInt8], now: UInt64)
    /// One complete frame (header and body) arrived over a UDP link.
    case linkFrame(PeerID, [UInt8], now: UInt64)
    /// The peer closed its sending side of a TCP stream (end of file).
    case inputClosed(PeerID, now: UInt64)
    /// The connection is gone: closed, reset, or the link went down.
    case disconnected(PeerID, reason: LeaveReason, now: UInt64)
    /// More than the outbound queue limit is waiting to be sent to the peer.
    case backlogged(PeerID, bytes: Int, now: UInt64)
    /// Time passed: check timeouts, send pings, report statistics.
    case tick(now: UInt64)
    /// The relay is stopping: say goodbye to everyone.
    case shutdown(now: UInt64)
    /// Every store write up to `ticket` is committed.
    case stored(through: StoreTicket, now: UInt64)
    /// Store writes up to `ticket` failed (nothing of them was kept): `reason` says why.
    case storeFailed(through: StoreTicket, reason: String, now: UInt64)
}
