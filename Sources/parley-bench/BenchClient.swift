import ParleyLink

/// One simulated chat client: its socket, its buffers and where it is in its life.
///
/// Owned and mutated only by the load generator's single-threaded event loop.
final class BenchClient {
    /// Where a client is in its life.
    enum State: Equatable {
        /// Not started yet.
        case waiting
        /// The TCP connect (or UDP handshake) is in progress.
        case connecting
        /// Connected; waiting for the relay's greeting (line), WELCOME (native).
        case greeting
        /// In the room.
        case joined
        /// Closed, by us or by the relay.
        case closed
    }

    /// The client's index: its sender id when it sends.
    let index: Int
    var descriptor: Int32 = -1
    var state = State.waiting
    /// When its connect started, monotonic nanoseconds.
    var startedAt: UInt64 = 0
    /// Bytes queued for the socket; `outboundStart` bytes of it are already written.
    var outbound: [UInt8] = []
    var outboundStart = 0
    /// Received bytes not yet forming a whole line or frame.
    var carry: [UInt8] = []
    /// Whether epoll watches this socket for writing.
    var watchesWrites = false
    /// Native TCP: the relay's preamble has not been seen yet.
    var awaitsPreamble = true
    /// UDP: the reliable link's state machine.
    var link: LinkClient?

    init(index: Int) { self.index = index }

    /// Bytes queued and not yet written.
    var pendingByteCount: Int { outbound.count - outboundStart }

    /// Drops written bytes from the front of the queue once they are most of it.
    func compactOutbound() {
        if outboundStart == outbound.count {
            outbound.removeAll(keepingCapacity: outbound.capacity <= 1 << 20)
            outboundStart = 0
        } else if outboundStart > 1 << 16 && outboundStart * 2 > outbound.count {
            outbound.removeSubrange(0..<outboundStart)
            outboundStart = 0
        }
    }
}
