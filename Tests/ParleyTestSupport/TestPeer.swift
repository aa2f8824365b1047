/// A client of a live relay driven by the test's thread: it reads (and answers PINGs in) what
/// has arrived when pumped, and keeps it for the test to look at.
public protocol TestPeer: AnyObject {
    /// Reads whatever arrives within `timeout` seconds.
    func pump(timeout: Double) throws
    /// Whether the relay ended the connection (or the session).
    var isClosedByRelay: Bool { get }
}

/// Pumps `peers` in turn until `condition` holds or `timeout` seconds pass; returns whether it
/// held. It also stops early once every peer is closed, since nothing more can arrive then.
///
/// Wait for exactly what the test then asserts: a condition on one thing followed by an
/// assertion on another is a race the test loses on a loaded machine.
@discardableResult
public func pump(_ peers: [any TestPeer], timeout: Double = 5, until condition: () -> Bool) throws -> Bool {
    let deadline = TestClock.seconds() + timeout
    while !condition() {
        let remaining = deadline - TestClock.seconds()
        let open = peers.filter { !$0.isClosedByRelay }
        if remaining <= 0 || open.isEmpty { return condition() }
        // One peer may wait in its poll; several take short turns.
        let slice = open.count == 1 ? min(remaining, 0.05) : min(remaining, 0.002)
        for peer in open { try peer.pump(timeout: slice) }
    }
    return true
}

extension TestPeer {
    /// Pumps this peer until `condition` holds or `timeout` seconds pass; returns whether it held.
    @discardableResult
    public func waitUntil(timeout: Double = 5, _ condition: () -> Bool) throws -> Bool {
        try ParleyTestSupport.pump([self], timeout: timeout, until: condition)
    }

    /// Pumps this peer for `seconds`, whatever arrives (to show that something does not).
    public func pump(for seconds: Double) throws {
        _ = try ParleyTestSupport.pump([self], timeout: seconds) { false }
    }
}
