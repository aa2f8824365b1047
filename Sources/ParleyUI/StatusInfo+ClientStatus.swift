import ParleyClientCore
import ParleyWire

extension StatusInfo {
    /// The status bar's view of the client core's status at `now` (milliseconds since 1970 UTC).
    ///
    /// "reconnecting in Ns" rounds up, so it never shows 0 while an attempt is still ahead.
    public init(_ status: ClientStatus, now: UInt64) {
        let link: Link
        switch status.link {
        case .idle, .connecting: link = .connecting
        case .connected: link = .connected
        case .reconnecting(let at, _, _):
            link = .reconnecting(inSeconds: at > now ? Int((at - now + 999) / 1000) : 0)
        case .down(let reason): link = .down(reason: reason.isEmpty ? nil : reason)
        }
        self.init(
            nick: status.nick,
            relayAddress: status.relayName,
            transport: status.transport == .udp ? .udp : .tcp,
            link: link,
            peersOnline: status.memberCount,
            roundTripMilliseconds: status.linkQuality?.roundTripTime.map { Int(clamping: $0) },
            retransmissions: status.linkQuality.map { Int(clamping: $0.retransmissions) },
            windows: status.windows)
    }
}
