/// Where the connection to the relay stands, for the status bar.
public enum LinkStatus: Equatable, Sendable {
    /// Not started yet.
    case idle
    /// Opening the transport and waiting for WELCOME; `attempt` counts from 1 since the last success.
    case connecting(attempt: Int)
    /// Welcomed by the relay at `since` (milliseconds since 1970-01-01 UTC).
    case connected(since: UInt64)
    /// The link dropped for `reason`; the next attempt (number `attempt`) is due at `at`.
    case reconnecting(at: UInt64, attempt: Int, reason: String)
    /// Closed for good (the user quit).
    case down(reason: String)

    /// Whether the relay has welcomed us and the link is up.
    public var isConnected: Bool {
        if case .connected = self { return true }
        return false
    }

    /// A short phrase for a status bar, e.g. "connected" or "reconnecting in 3s (connection refused)".
    ///
    /// - Parameter now: the current time, milliseconds since 1970-01-01 UTC.
    public func summary(now: UInt64) -> String {
        switch self {
        case .idle: return "starting"
        case .connecting(let attempt): return attempt > 1 ? "connecting (attempt \(attempt))" : "connecting"
        case .connected: return "connected"
        case .reconnecting(let at, _, let reason):
            let seconds = at > now ? (at - now + 999) / 1000 : 0
            return "reconnecting in \(seconds)s (\(reason))"
        case .down(let reason): return "down (\(reason))"
        }
    }
}
