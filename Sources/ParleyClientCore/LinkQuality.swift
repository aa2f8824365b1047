/// How the reliable UDP link is doing, as the shell measures it.
public struct LinkQuality: Equatable, Sendable {
    /// The smoothed round-trip time in milliseconds, once measured.
    public var roundTripTime: UInt64?
    /// How many datagrams have been sent again because no acknowledgement came in time.
    public var retransmissions: UInt64

    /// Creates a measurement.
    public init(roundTripTime: UInt64?, retransmissions: UInt64) {
        self.roundTripTime = roundTripTime
        self.retransmissions = retransmissions
    }
}
