import ParleyLink
import ParleyWire
import Testing

@Suite struct LinkSessionTests {
    let ms: UInt64 = 1_000_000
    let t0: UInt64 = 1_000_000_000_000

    func pair(_ configuration: LinkConfiguration = .fast) -> (LinkSession, LinkSession) {
        (LinkSession(id: 42, configuration: configuration, now: t0), LinkSession(id: 42, configuration: configuration, now: t0))
    }

    func datagrams(_ events: [LinkSessionEvent]) -> [Datagram] {
        events.compactMap { if case .send(let b) = $0 { return try? Datagram.decode(b) } else { return nil } }
    }

    func delivered(_ events: [LinkSessionEvent]) -> [[UInt8]] {
        events.compactMap { if case .deliver(let f) = $0 { return f } else { return nil } }
    }

    func sequence(_ d: Datagram) -> UInt32? { if case .data(let s) = d { return s.sequence } else { return nil } }

    @Test func retransmitsAfterTheTimeoutWithExponentialBackoff() throws {
        var (a, _) = pair()
        let sent = datagrams(a.send(frame: testFrame(1, size: 30), now: t0))
        #expect(sent.map(sequence) == [1])
        var previous = t0
        var intervals: [UInt64] = []
        for _ in 0..<5 {
            let deadline = try #require(a.nextDeadline)
            let again = datagrams(a.tick(now: deadline))
            #expect(again.map(sequence) == [1])
            intervals.append(deadline - previous)
            previous = deadline
        }
        // 50 ms initial, then doubling up to the 1 s maximum.
        #expect(intervals == [50 * ms, 100 * ms, 200 * ms, 400 * ms, 800 * ms])
        let deadline = try #require(a.nextDeadline)
        #expect(deadline - previous == 1_000 * ms)
        #expect(a.statistics.retransmissions == 5)
        #expect(a.statistics.lossEstimate > 0)
    }

    @Test func acknowledgementStopsRetransmissionAndSamplesTheRTT() throws {
        var (a, b) = pair()
        let out = datagrams(a.send(frame: testFrame(1, size: 30), now: t0))
        let reply = b.receive(out[0], now: t0 + 10 * ms)
        #expect(delivered(reply) == [testFrame(1, size: 30)])
        let ack = try #require(datagrams(reply).first)
        #expect(ack == .ack(session: 42, ack: Acknowledgement(cumulative: 1)))
        _ = a.receive(ack, now: t0 + 20 * ms)
        #expect(a.statistics.inFlight == 0)
        #expect(a.statistics.smoothedRTT == 20 * ms)
        // Only the keepalive and dead-peer timers remain.
        #expect(a.nextDeadline == t0 + 3_000 * ms)
    }

    @Test func duplicatesAreDeliveredOnceAndStillAcknowledged() throws {
        var (a, b) = pair()
        let out = datagrams(a.send(frame: testFrame(1, size: 30), now: t0))[0]
        let first = b.receive(out, now: t0)
        let second = b.receive(out, now: t0 + 1)
        #expect(delivered(first).count == 1)
        #expect(delivered(second).isEmpty)
        #expect(datagrams(second).count == 1)
        #expect(b.statistics.duplicatesReceived == 1)
    }

    @Test func reorderedDatagramsAreDeliveredInOrderWithSelectiveAcks() throws {
        var (a, b) = pair()
        var out: [Datagram] = []
        for i in 1...4 { out += datagrams(a.send(frame: testFrame(i, size: 30), now: t0)) }
        #expect(out.map(sequence) == [1, 2, 3, 4])
        var got: [[UInt8]] = []
        let r4 = b.receive(out[3], now: t0)
        got += delivered(r4)
        #expect(datagrams(r4).last == .ack(session: 42, ack: Acknowledgement(cumulative: 0, selective: 0b100)))
        let r3 = b.receive(out[2], now: t0)
        #expect(datagrams(r3).last == .ack(session: 42, ack: Acknowledgement(cumulative: 0, selective: 0b110)))
        got += delivered(r3) + delivered(b.receive(out[0], now: t0)) + delivered(b.receive(out[1], now: t0))
        #expect(got == (1...4).map { testFrame($0, size: 30) })
    }

    @Test func holesOvertakenByLaterAcknowledgementsAreResentBeforeTheTimeout() throws {
        var (a, b) = pair()
        var out: [Datagram] = []
        for i in 1...5 { out += datagrams(a.send(frame: testFrame(i, size: 30), now: t0 + UInt64(i))) }
        var resent: [Datagram] = []
        for d in out.dropFirst() {  // sequence 1 is lost
            for ack in datagrams(b.receive(d, now: t0 + 5 * ms)) { resent += datagrams(a.receive(ack, now: t0 + 6 * ms)) }
        }
        #expect(resent.compactMap(sequence) == [1])
        #expect(a.statistics.retransmissions == 1)
    }

    @Test func framesLargerThanOneDatagramAreFragmentedAndReassembled() throws {
        for size in [Datagram.maxFragmentPayload, Datagram.maxFragmentPayload + 1, 10_000, Limits.maxFrameBytes] {
            var (a, b) = pair(LinkConfiguration(initialWindow: 128))
            let frame = testFrame(size, size: size)
            let out = datagrams(a.send(frame: frame, now: t0))
            let expected = (size + Datagram.maxFragmentPayload - 1) / Datagram.maxFragmentPayload
            #expect(out.count == expected)
            #expect(out.allSatisfy { $0.encoded().count <= Limits.maxDatagramBytes })
            var got: [[UInt8]] = []
            for d in out.reversed() { got += delivered(b.receive(d, now: t0)) }
            #expect(got == [frame])
        }
    }

    @Test func oversizeAndEmptyFramesAreRefused() {
        var (a, _) = pair()
        #expect(a.send(frame: [UInt8](repeating: 1, count: Limits.maxFrameBytes + 1), now: t0).isEmpty)
        #expect(a.send(frame: [], now: t0).isEmpty)
        #expect(a.statistics.framesRejected == 2)
    }

    @Test func datagramsBeyondTheReceiveWindowAreDroppedNotBuffered() throws {
        var (_, b) = pair(LinkConfiguration(receiveWindow: 8))
        let far = Datagram.data(DataSegment(session: 42, sequence: 9, ack: Acknowledgement(cumulative: 0), payload: [1]))
        _ = b.receive(far, now: t0)
        #expect(b.statistics.beyondWindow == 1)
        let near = Datagram.data(DataSegment(session: 42, sequence: 8, ack: Acknowledgement(cumulative: 0), payload: [1]))
        let reply = b.receive(near, now: t0)
        #expect(datagrams(reply).last == .ack(session: 42, ack: Acknowledgement(cumulative: 0, selective: 1 << 6)))
    }

    @Test func theWindowLimitsABurstAndTheRestWaitsInTheQueue() throws {
        var (a, b) = pair()
        var out: [Datagram] = []
        for i in 0..<100 { out += datagrams(a.send(frame: testFrame(i, size: 100), now: t0)) }
        #expect(out.count == 16)
        #expect(a.statistics.inFlight == 16)
        #expect(a.statistics.queuedFrames == 84)
        #expect(a.statistics.queuedBytes == 8_400)
        // Acknowledging the burst opens the (slow-start) window wider; what waited in the queue
        // leaves packed, 11 frames of 100 bytes to a datagram, and arrives as 84 frames in order.
        var next: [Datagram] = []
        var delivered: [[UInt8]] = []
        for d in out {
            for event in b.receive(d, now: t0 + ms) {
                if case .deliver(let frame) = event { delivered.append(frame) }
                if case .send(let bytes) = event { next += datagrams(a.receive(try Datagram.decode(bytes), now: t0 + 2 * ms)) }
            }
        }
        #expect(next.count == 8)
        #expect(a.statistics.congestionWindow == 32)
        #expect(a.statistics.queuedFrames == 0)
        for d in next { for event in b.receive(d, now: t0 + 3 * ms) { if case .deliver(let frame) = event { delivered.append(frame) } } }
        #expect(delivered == (0..<100).map { testFrame($0, size: 100) })
    }

    @Test func onlyWellFormedFramesArePackedAndPacksSplitBackIntoFrames() throws {
        var (a, b) = pair(LinkConfiguration(initialWindow: 1, minimumWindow: 1))
        // The first goes alone (the window is one datagram); the rest wait.
        var out = datagrams(a.send(frame: testFrame(0, size: 40), now: t0))
        _ = a.send(frame: testFrame(1, size: 40), now: t0)
        _ = a.send(frame: [9, 9, 9], now: t0)  // not a frame: travels alone
        _ = a.send(frame: testFrame(2, size: 40), now: t0)
        _ = a.send(frame: testFrame(3, size: 40), now: t0)
        var delivered: [[UInt8]] = []
        var rounds = 0
        while let d = out.first, rounds < 10 {
            out.removeFirst()
            rounds += 1
            for event in b.receive(d, now: t0 + ms) {
                if case .deliver(let frame) = event { delivered.append(frame) }
                if case .send(let bytes) = event { out += datagrams(a.receive(try Datagram.decode(bytes), now: t0 + 2 * ms)).filter { if case .data = $0 { return true } else { return false } } }
            }
        }
        #expect(delivered == [testFrame(0, size: 40), testFrame(1, size: 40), [9, 9, 9], testFrame(2, size: 40), testFrame(3, size: 40)])
        #expect(a.statistics.queuedFrames == 0)
        // Four DATA: frame 0; frame 1 (the next one is not a frame); [9, 9, 9]; frames 2 and 3 packed.
        #expect(rounds == 4)
    }

    @Test func aFullQueueClosesTheSession() {
        var (a, _) = pair(LinkConfiguration(maxQueuedBytes: 100_000))
        var events: [LinkSessionEvent] = []
        for i in 0..<200 { events += a.send(frame: testFrame(i, size: 1_000), now: t0) }
        #expect(events.last == .closed(.sendQueueOverflow))
        #expect(a.isClosed)
    }

    @Test func idleSessionsSendKeepalives() throws {
        var (a, _) = pair()
        let deadline = try #require(a.nextDeadline)
        #expect(deadline == t0 + 3_000 * ms)
        #expect(datagrams(a.tick(now: deadline)) == [.ack(session: 42, ack: Acknowledgement(cumulative: 0))])
        #expect(a.nextDeadline == deadline + 3_000 * ms)
    }

    @Test func silenceIsReportedDownAfterFifteenSecondsAndUpWhenTrafficReturns() throws {
        var (a, b) = pair(LinkConfiguration())
        var now = t0
        var down: UInt64?
        while down == nil, let deadline = a.nextDeadline {
            now = deadline
            if a.tick(now: now).contains(.down) { down = now }
        }
        #expect(down == t0 + 15_000 * ms)
        #expect(a.statistics.isDown)
        // Keepalives go on while down.
        let next = try #require(a.nextDeadline)
        #expect(datagrams(a.tick(now: next)).count == 1)
        let keepalive = datagrams(b.tick(now: next + 1))
        let back = a.receive(try #require(keepalive.first), now: next + 2)
        #expect(back.contains(.up))
        #expect(!a.statistics.isDown)
    }

    @Test func aClosingSessionEndsAfterTheLinkTimeoutWithOneCloseAndNothingElse() throws {
        var a = LinkSession(id: 42, configuration: LinkConfiguration(), now: t0, silencePolicy: .close)
        _ = a.send(frame: testFrame(1, size: 30), now: t0)  // never acknowledged: retransmitted until the end
        var events: [LinkSessionEvent] = []
        var now = t0
        while let deadline = a.nextDeadline, deadline <= t0 + 60_000 * ms {
            now = deadline
            events = a.tick(now: now)
            if events.contains(where: { if case .closed = $0 { return true } else { return false } }) { break }
            #expect(!events.contains(.down))
        }
        #expect(now == t0 + 15_000 * ms)
        #expect(events == [.send(Datagram.close(session: 42, reason: LinkCloseReason.timeout.rawValue).encoded()), .closed(.timeout)])
        #expect(a.isClosed)
        #expect(a.nextDeadline == nil)
        #expect(a.tick(now: now + 1_000 * ms).isEmpty)
    }

    @Test func aClosingSessionThatHearsItsPeerStaysOpen() throws {
        var a = LinkSession(id: 42, configuration: LinkConfiguration(), now: t0, silencePolicy: .close)
        var now = t0
        // An ACK from the peer every 3 s for a minute (its keepalives).
        for _ in 0..<20 {
            let end = now + 3_000 * ms
            while let deadline = a.nextDeadline, deadline <= end {
                #expect(datagrams(a.tick(now: deadline)).allSatisfy { if case .ack = $0 { return true } else { return false } })
            }
            now = end
            #expect(a.receive(.ack(session: 42, ack: Acknowledgement(cumulative: 0)), now: now).isEmpty)
        }
        #expect(!a.isClosed)
        #expect(a.nextDeadline.map { $0 <= now + 15_000 * ms } == true)
    }

    @Test func acknowledgementsOfUnsentDataAreIgnored() {
        var (a, _) = pair()
        _ = a.send(frame: testFrame(1, size: 30), now: t0)
        _ = a.receive(.ack(session: 42, ack: Acknowledgement(cumulative: 50)), now: t0)
        #expect(a.statistics.inFlight == 1)
    }

    @Test func closeSendsOneCloseAndPeerReportsIt() throws {
        var (a, b) = pair()
        let bye = datagrams(a.close(now: t0))
        #expect(bye == [.close(session: 42, reason: 0)])
        #expect(a.send(frame: testFrame(1, size: 30), now: t0).isEmpty)
        #expect(a.nextDeadline == nil)
        #expect(b.receive(bye[0], now: t0) == [.closed(.normal)])
    }
}
