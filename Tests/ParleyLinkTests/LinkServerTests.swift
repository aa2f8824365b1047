import ParleyLink
import ParleyWire
import Testing

@Suite struct LinkServerTests {
    let secret: [UInt8] = Array(100..<116)
    let alice = LinkAddress(ipv4: (10, 0, 0, 1), port: 4000)
    let mallory = LinkAddress(ipv4: (10, 6, 6, 6), port: 6666)
    let t0: UInt64 = 5_000 * 1_000_000_000

    func makeServer(maxSessions: Int = 4) -> LinkServer {
        LinkServer(secret: secret, configuration: .fast, maxSessions: maxSessions, seed: 3)
    }

    /// INIT then CONNECT with the echoed cookie; returns the session id and the ACCEPT bytes.
    func handshake(_ server: inout LinkServer, from address: LinkAddress, nonce: UInt64, now: UInt64) throws -> (UInt64, [UInt8]) {
        let answer = server.receive(Datagram.initiate(nonce: nonce).encoded(), from: address, now: now)
        guard case .cookie(_, let cookie) = try Datagram.decode(try #require(answer.sent.first)) else {
            Issue.record("no cookie")
            return (0, [])
        }
        let accepted = server.receive(Datagram.connect(nonce: nonce, cookie: cookie, resumeSession: 0).encoded(), from: address, now: now)
        let bytes = try #require(accepted.sent.first)
        guard case .accept(nonce, let id) = try Datagram.decode(bytes) else {
            Issue.record("no accept")
            return (0, [])
        }
        return (id, bytes)
    }

    @Test func initIsAnsweredWithASmallerCookieAndNoState() throws {
        var server = makeServer()
        let initiate = Datagram.initiate(nonce: 9).encoded()
        let actions = server.receive(initiate, from: alice, now: t0)
        #expect(actions.count == 1)
        let reply = try #require(actions.sent.first)
        #expect(reply.count <= initiate.count)
        #expect(server.sessionCount == 0)
        #expect(server.nextDeadline == nil)
    }

    @Test func handshakeOpensOneSession() throws {
        var server = makeServer()
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        #expect(id != 0)
        #expect(server.sessionCount == 1)
        #expect(server.address(of: id) == alice)
    }

    @Test func repeatedConnectGetsTheSameAcceptAndNoSecondSession() throws {
        var server = makeServer()
        let answer = server.receive(Datagram.initiate(nonce: 5).encoded(), from: alice, now: t0)
        guard case .cookie(_, let cookie) = try Datagram.decode(try #require(answer.sent.first)) else { return }
        let connect = Datagram.connect(nonce: 5, cookie: cookie, resumeSession: 0).encoded()
        let first = server.receive(connect, from: alice, now: t0)
        let second = server.receive(connect, from: alice, now: t0 + 1_000_000)
        #expect(first.sent == second.sent)
        #expect(second.count == 1)
        #expect(server.sessionCount == 1)
    }

    @Test func cookieIsBoundToAddressNonceAndTime() throws {
        var server = makeServer()
        let answer = server.receive(Datagram.initiate(nonce: 5).encoded(), from: alice, now: t0)
        guard case .cookie(_, let cookie) = try Datagram.decode(try #require(answer.sent.first)) else { return }
        // Another address, another nonce, a tampered MAC, or too late: silently dropped, nothing allocated.
        #expect(server.receive(Datagram.connect(nonce: 5, cookie: cookie, resumeSession: 0).encoded(), from: mallory, now: t0).isEmpty)
        #expect(server.receive(Datagram.connect(nonce: 6, cookie: cookie, resumeSession: 0).encoded(), from: alice, now: t0).isEmpty)
        var forged = cookie
        forged.mac ^= 1
        #expect(server.receive(Datagram.connect(nonce: 5, cookie: forged, resumeSession: 0).encoded(), from: alice, now: t0).isEmpty)
        let late = t0 + 31 * 1_000_000_000
        #expect(server.receive(Datagram.connect(nonce: 5, cookie: cookie, resumeSession: 0).encoded(), from: alice, now: late).isEmpty)
        #expect(server.sessionCount == 0)
        // Within its lifetime it works.
        let inTime = t0 + 29 * 1_000_000_000
        #expect(!server.receive(Datagram.connect(nonce: 5, cookie: cookie, resumeSession: 0).encoded(), from: alice, now: inTime).isEmpty)
        #expect(server.sessionCount == 1)
    }

    @Test func spoofedTrafficIsNeverAmplifiedAndAllocatesNothing() {
        var server = makeServer()
        var random = LinkRandom(seed: 99)
        let samples: [[UInt8]] = (0..<2000).map { i in
            let session = random.next()
            switch i % 6 {
            case 0: return Datagram.initiate(nonce: random.next()).encoded()
            case 1: return Datagram.connect(nonce: random.next(), cookie: Cookie(issued: UInt32(t0 / 1_000_000_000), mac: random.next()), resumeSession: 0).encoded()
            case 2: return Datagram.data(DataSegment(session: session, sequence: 1, ack: Acknowledgement(cumulative: 0), payload: [1, 2, 3])).encoded()
            case 3: return Datagram.ack(session: session, ack: Acknowledgement(cumulative: 4)).encoded()
            case 4: return Datagram.close(session: session, reason: 0).encoded()
            default: return (0..<(Int(random.next() % 1300))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        for (i, bytes) in samples.enumerated() {
            let source = LinkAddress(ipv4: (10, 9, UInt8(i % 256), 1), port: UInt16(i))
            let actions = server.receive(bytes, from: source, now: t0)
            let sent = actions.sent.reduce(0) { $0 + $1.count }
            #expect(sent <= bytes.count)
            #expect(actions.sent.count <= 1)
        }
        #expect(server.sessionCount == 0)
        #expect(server.nextDeadline == nil)
    }

    @Test func forgedSessionIDsGetASmallReset() throws {
        var server = makeServer()
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        let forged = Datagram.ack(session: id ^ 0xFFFF, ack: Acknowledgement(cumulative: 0)).encoded()
        let actions = server.receive(forged, from: mallory, now: t0)
        #expect(actions.sent == [Datagram.reset(session: id ^ 0xFFFF).encoded()])
        #expect(actions.sent[0].count <= forged.count)
        #expect(server.sessionCount == 1)
    }

    @Test func sessionTableIsBounded() throws {
        var server = makeServer(maxSessions: 2)
        _ = try handshake(&server, from: alice, nonce: 1, now: t0)
        _ = try handshake(&server, from: alice, nonce: 2, now: t0)
        let answer = server.receive(Datagram.initiate(nonce: 3).encoded(), from: alice, now: t0)
        guard case .cookie(_, let cookie) = try Datagram.decode(try #require(answer.sent.first)) else { return }
        let connect = Datagram.connect(nonce: 3, cookie: cookie, resumeSession: 0).encoded()
        let refused = server.receive(connect, from: alice, now: t0)
        #expect(refused.sent == [Datagram.close(session: 0, reason: LinkCloseReason.serverFull.rawValue).encoded()])
        #expect(refused.sent[0].count <= connect.count)
        #expect(server.sessionCount == 2)
    }

    @Test func newSequenceFromANewAddressMigratesButAReplayDoesNot() throws {
        var server = makeServer()
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        let first = Datagram.data(DataSegment(session: id, sequence: 1, ack: Acknowledgement(cumulative: 0), payload: testFrame(1, size: 20))).encoded()
        #expect(server.receive(first, from: alice, now: t0).contains(.deliver(frame: testFrame(1, size: 20), session: id)))
        // A replay of the old datagram from elsewhere: not heard at all, no migration.
        let replayed = server.receive(first, from: mallory, now: t0 + 1)
        #expect(!replayed.contains { if case .migrated = $0 { return true } else { return false } })
        #expect(replayed.allSatisfy { if case .send(_, let to) = $0 { return to == alice } else { return true } })
        #expect(server.address(of: id) == alice)
        // A new sequence number from a new port (NAT rebinding) moves the session.
        let rebound = LinkAddress(ipv4: (10, 0, 0, 1), port: 4001)
        let second = Datagram.data(DataSegment(session: id, sequence: 2, ack: Acknowledgement(cumulative: 0), payload: testFrame(2, size: 20))).encoded()
        let moved = server.receive(second, from: rebound, now: t0 + 2)
        #expect(moved.first == .migrated(session: id, to: rebound))
        #expect(moved.contains(.deliver(frame: testFrame(2, size: 20), session: id)))
        #expect(moved.allSatisfy { if case .send(_, let to) = $0 { return to == rebound } else { return true } })
        #expect(server.address(of: id) == rebound)
    }

    /// Ticks the server at each of its deadlines up to `end`, noting when each action came out.
    func runTimers(_ server: inout LinkServer, until end: UInt64) -> [(at: UInt64, action: LinkServerAction)] {
        var log: [(at: UInt64, action: LinkServerAction)] = []
        while let deadline = server.nextDeadline, deadline <= end {
            log += server.tick(now: deadline).map { (deadline, $0) }
        }
        return log
    }

    /// A relay link with the default timers (a 15 s link timeout).
    func makeDefaultServer(batching: Bool) -> LinkServer {
        LinkServer(secret: secret, configuration: LinkConfiguration(), maxSessions: 4, seed: 1, batching: batching)
    }

    @Test(arguments: [false, true])
    func aSilentSessionIsClosedAtTheLinkTimeoutWithOneCloseToItsCurrentAddress(batching: Bool) throws {
        var server = makeDefaultServer(batching: batching)
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        // The client moves (NAT rebinding) and is last heard from there, one second in.
        let rebound = LinkAddress(ipv4: (10, 0, 0, 1), port: 4001)
        let lastHeard = t0 + 1_000_000_000
        let data = DataSegment(session: id, sequence: 1, ack: Acknowledgement(cumulative: 0), payload: testFrame(1, size: 20))
        let moved = server.receive(Datagram.data(data).encoded(), from: rebound, now: lastHeard)
        #expect(moved.first == .migrated(session: id, to: rebound))
        _ = server.flush(now: lastHeard)
        // Something for the client, so retransmissions are due as well as keepalives.
        _ = server.send(frame: testFrame(2, size: 40), to: id, now: lastHeard)
        _ = server.flush(now: lastHeard)

        let log = runTimers(&server, until: t0 + 60 * 1_000_000_000)
        let timeout = lastHeard + 15 * 1_000_000_000
        // Until the link timeout: retransmissions and keepalives, all to the current address.
        let before = log.filter { $0.at < timeout }
        #expect(!before.isEmpty)
        #expect(before.allSatisfy { if case .send(_, rebound) = $0.action { return true } else { return false } })
        // At the link timeout exactly: one CLOSE (timed out) to the current address, then `.closed`.
        let closing = log.filter { $0.at >= timeout }
        #expect(closing.map(\.at) == [timeout, timeout])
        #expect(closing.map(\.action) == [
            .send(Datagram.close(session: id, reason: LinkCloseReason.timeout.rawValue).encoded(), to: rebound),
            .closed(session: id, reason: .timeout),
        ])
        let closes = log.map(\.action).sent.filter { if case .close? = try? Datagram.decode($0) { return true } else { return false } }
        #expect(closes.count == 1)
        #expect(server.sessionCount == 0)
        #expect(server.nextDeadline == nil)
        // The id is unknown from now on.
        let late = Datagram.ack(session: id, ack: Acknowledgement(cumulative: 0)).encoded()
        #expect(server.receive(late, from: rebound, now: timeout + 1).sent == [Datagram.reset(session: id).encoded()])
    }

    @Test(arguments: [false, true])
    func aQuietClientSendingKeepalivesIsNeverClosed(batching: Bool) throws {
        var server = makeDefaultServer(batching: batching)
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        let second: UInt64 = 1_000_000_000
        // Two minutes of chat-level silence; the client's link sends an ACK every 3 s.
        var log: [(at: UInt64, action: LinkServerAction)] = []
        var now = t0
        for _ in 0..<40 {
            log += runTimers(&server, until: now + 3 * second)
            now += 3 * second
            let keepalive = Datagram.ack(session: id, ack: Acknowledgement(cumulative: 0)).encoded()
            log += server.receive(keepalive, from: alice, now: now).map { (now, $0) }
            log += server.flush(now: now).map { (now, $0) }
        }
        #expect(now - t0 == 120 * second)
        #expect(!log.contains { if case .closed = $0.action { return true } else { return false } })
        #expect(server.sessionCount == 1)
        #expect(server.statistics(for: id)?.isDown == false)
        // When the keepalives stop, the link timeout runs from the last one.
        let closing = runTimers(&server, until: now + 20 * second).filter { if case .send = $0.action { return false } else { return true } }
        #expect(closing.map(\.at) == [now + 15 * second])
        #expect(closing.map(\.action) == [.closed(session: id, reason: .timeout)])
    }

    @Test func peerCloseEndsTheSession() throws {
        var server = makeServer()
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        let actions = server.receive(Datagram.close(session: id, reason: 0).encoded(), from: alice, now: t0)
        #expect(actions == [.closed(session: id, reason: .normal)])
        #expect(server.sessionCount == 0)
        // Its id is now unknown.
        #expect(server.receive(Datagram.ack(session: id, ack: Acknowledgement(cumulative: 0)).encoded(), from: alice, now: t0).sent
            == [Datagram.reset(session: id).encoded()])
    }

    @Test func closeOrAckFromAnotherAddressIsIgnored() throws {
        var server = makeServer()
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        let dropped = server.droppedDatagrams
        #expect(server.receive(Datagram.close(session: id, reason: 1).encoded(), from: mallory, now: t0).isEmpty)
        #expect(server.receive(Datagram.ack(session: id, ack: Acknowledgement(cumulative: 9)).encoded(), from: mallory, now: t0).isEmpty)
        #expect(server.sessionCount == 1)
        #expect(server.address(of: id) == alice)
        #expect(server.droppedDatagrams == dropped + 2)
        // The session still works for alice.
        let data = Datagram.data(DataSegment(session: id, sequence: 1, ack: Acknowledgement(cumulative: 0), payload: testFrame(1, size: 20))).encoded()
        #expect(server.receive(data, from: alice, now: t0 + 1).contains(.deliver(frame: testFrame(1, size: 20), session: id)))
    }

    @Test func garbageIsDroppedAndCounted() {
        var server = makeServer()
        #expect(server.receive([1, 2, 3], from: alice, now: t0).isEmpty)
        #expect(server.receive([], from: alice, now: t0).isEmpty)
        #expect(server.droppedDatagrams == 2)
    }

    @Test func aBatchingServerAnswersABatchOnceAtFlush() throws {
        var server = LinkServer(secret: secret, configuration: .fast, maxSessions: 4, seed: 3, batching: true)
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        // Two DATA from the client: delivered at once, acknowledged once, at the flush.
        var delivered: [[UInt8]] = []
        for sequence in UInt32(1)...2 {
            let data = Datagram.data(DataSegment(session: id, sequence: sequence, ack: Acknowledgement(cumulative: 0), payload: testFrame(Int(sequence), size: 30)))
            let actions = server.receive(data.encoded(), from: alice, now: t0)
            #expect(actions.sent.isEmpty)
            for case .deliver(let frame, _) in actions { delivered.append(frame) }
        }
        #expect(delivered == [testFrame(1, size: 30), testFrame(2, size: 30)])
        // Three frames for the client, then the flush: one DATA packs them and carries the ack.
        for n in 0..<3 { #expect(server.send(frame: testFrame(10 + n, size: 50), to: id, now: t0).isEmpty) }
        let flushed = server.flush(now: t0)
        #expect(flushed.count == 1)
        guard case .data(let segment) = try Datagram.decode(try #require(flushed.sent.first)) else {
            Issue.record("no DATA")
            return
        }
        #expect(segment.ack.cumulative == 2)
        #expect(segment.payload == testFrame(10, size: 50) + testFrame(11, size: 50) + testFrame(12, size: 50))
        #expect(server.flush(now: t0).isEmpty)
        // A client's DATA with nothing to send back: one pure ACK at the flush.
        let data = Datagram.data(DataSegment(session: id, sequence: 3, ack: Acknowledgement(cumulative: 1), payload: testFrame(3, size: 30)))
        #expect(server.receive(data.encoded(), from: alice, now: t0 + 1_000_000).sent.isEmpty)
        let acks = server.flush(now: t0 + 1_000_000).sent.compactMap { try? Datagram.decode($0) }
        #expect(acks == [.ack(session: id, ack: Acknowledgement(cumulative: 3))])
    }

    @Test func closingABatchingSessionSendsWhatWasQueuedFirst() throws {
        var server = LinkServer(secret: secret, configuration: .fast, maxSessions: 4, seed: 3, batching: true)
        let (id, _) = try handshake(&server, from: alice, nonce: 1, now: t0)
        _ = server.send(frame: testFrame(1, size: 40), to: id, now: t0)
        let sent = server.close(session: id, now: t0).sent.compactMap { try? Datagram.decode($0) }
        #expect(sent.count == 2)
        if case .data(let segment) = sent.first { #expect(segment.payload == testFrame(1, size: 40)) } else { Issue.record("no DATA first") }
        if case .close = sent.last {} else { Issue.record("no CLOSE last") }
        #expect(server.sessionCount == 0)
    }
}
