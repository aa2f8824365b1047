import ParleyLink
import ParleyWire
import Testing

@Suite struct LinkClientTests {
    let ms: UInt64 = 1_000_000

    @Test func handshakeCompletesAndEarlyFramesFollow() {
        var sim = LinkSimulation()
        sim.clientSend(testFrame(1, size: 40))
        #expect(sim.client.statistics.queuedFrames == 1)
        sim.start()
        #expect(sim.run(for: 1_000 * ms) { $0.serverDelivered.count == 1 })
        #expect(sim.serverDelivered == [testFrame(1, size: 40)])
        let id = sim.client.sessionID
        #expect(id != nil)
        #expect(sim.clientActions.contains(.established(session: id ?? 0)))
        #expect(sim.serverActions.contains(.opened(session: id ?? 0, address: sim.clientAddress)))
    }

    @Test func lostHandshakeDatagramsAreRetriedWithBackoff() throws {
        var client = LinkClient(nonce: 77, configuration: .fast, seed: 1)
        let t0 = LinkSimulation.start
        let first = client.start(now: t0)
        #expect(first.sent == [Datagram.initiate(nonce: 77).encoded()])
        var times: [UInt64] = []
        var now = t0
        for _ in 0..<3 {
            now = try #require(client.nextDeadline)
            #expect(client.tick(now: now).sent == [Datagram.initiate(nonce: 77).encoded()])
            times.append(now - t0)
        }
        #expect(times == [50 * ms, 150 * ms, 350 * ms])
        // A cookie moves on to CONNECT, which is retried too.
        var server = LinkServer(secret: Array(0..<16), configuration: .fast, maxSessions: 2, seed: 1)
        let address = LinkAddress(ipv4: (127, 0, 0, 1), port: 1)
        let cookie = server.receive(Datagram.initiate(nonce: 77).encoded(), from: address, now: now).sent[0]
        let connect = client.receive(cookie, now: now).sent
        #expect(connect.count == 1)
        let retry = client.tick(now: try #require(client.nextDeadline)).sent
        #expect(retry == connect)
        #expect(server.sessionCount == 0)
        let accept = server.receive(connect[0], from: address, now: now).sent
        _ = server.receive(retry[0], from: address, now: now)
        #expect(server.sessionCount == 1)
        let established = client.receive(accept[0], now: now)
        #expect(established.contains { if case .established = $0 { return true } else { return false } })
    }

    @Test func anUnansweredHandshakeIsReportedDownAndUpWhenTheRelayAnswers() {
        var sim = LinkSimulation(configuration: LinkConfiguration(initialRTO: .milliseconds(200), maxRTO: .seconds(2)))
        sim.plan.setBlackhole(true)
        sim.start()
        _ = sim.run(for: 16_000 * ms)
        #expect(sim.clientActions.contains(.down(reason: "no answer from the relay")))
        #expect(sim.client.statistics.isDown)
        sim.plan.setBlackhole(false)
        #expect(sim.run(for: 5_000 * ms) { $0.client.isEstablished })
        #expect(sim.clientActions.contains(.up))
    }

    @Test func anOutageShorterThanTheRelaysLinkTimeoutIsReportedDownAndRecovers() {
        // An impatient client (a 5 s link timeout) and a relay with the default 15 s.
        let relay = LinkConfiguration(minRTO: .milliseconds(10), maxRTO: .seconds(1))
        var client = relay
        client.linkTimeout = .seconds(5)
        var sim = LinkSimulation(configuration: client, serverConfiguration: relay)
        sim.echo = true
        sim.start()
        #expect(sim.run(for: 1_000 * ms) { $0.client.isEstablished })
        sim.plan.setBlackhole(true)
        let silenceStart = sim.now
        for i in 0..<20 { sim.clientSend(testFrame(i, size: 200)) }
        #expect(sim.run(for: 10_000 * ms) { $0.clientActions.contains(.down(reason: "nothing heard from the relay")) })
        let elapsed = sim.now - silenceStart
        #expect(elapsed >= 5_000 * ms && elapsed <= 5_100 * ms)
        _ = sim.run(for: 2_000 * ms)
        sim.plan.setBlackhole(false)
        #expect(sim.run(for: 5_000 * ms) { $0.clientDelivered.count == 20 })
        #expect(sim.clientActions.last(where: { $0 == .up }) != nil)
        #expect(sim.clientDelivered == (0..<20).map { testFrame($0, size: 200) })
        // The relay's session lived through it: nothing closed, still one session.
        #expect(!sim.serverActions.contains { if case .closed = $0 { return true } else { return false } })
        #expect(sim.server.sessionCount == 1)
    }

    @Test func anOutageLongerThanTheLinkTimeoutClosesTheRelaySessionAndTheClientLearnsItOnHealing() throws {
        var sim = LinkSimulation(configuration: LinkConfiguration(minRTO: .milliseconds(10), maxRTO: .seconds(1)))
        sim.start()
        #expect(sim.run(for: 1_000 * ms) { $0.client.isEstablished })
        let id = try #require(sim.session)
        sim.plan.setBlackhole(true)
        let silenceStart = sim.now
        sim.clientSend(testFrame(1, size: 200))
        // Both ends time out after 15 s: the client reports the link down and keeps trying; the
        // relay closes the session (its CLOSE is lost in the blackhole).
        #expect(sim.run(for: 20_000 * ms) { $0.serverActions.contains(.closed(session: id, reason: .timeout)) })
        let elapsed = sim.now - silenceStart
        #expect(elapsed >= 14_900 * ms && elapsed <= 15_000 * ms)
        #expect(sim.run(for: 1_000 * ms) { $0.clientActions.contains(.down(reason: "nothing heard from the relay")) })
        #expect(!sim.client.isClosed)
        #expect(sim.server.sessionCount == 0)
        // Healed: the client's next retransmission meets an unknown session and gets a RESET.
        sim.plan.setBlackhole(false)
        #expect(sim.run(for: 5_000 * ms) { $0.client.isClosed })
        #expect(sim.clientActions.last == .closed(reason: .reset))
    }

    @Test func resumeFromANewAddressKeepsTheSession() {
        var sim = LinkSimulation()
        sim.echo = true
        sim.start()
        #expect(sim.run(for: 1_000 * ms) { $0.client.isEstablished })
        let id = sim.client.sessionID
        sim.clientAddress = LinkAddress(ipv4: (10, 0, 0, 1), port: 5999)
        sim.handle(sim.client.resume(now: sim.now))
        #expect(sim.run(for: 1_000 * ms) { $0.serverActions.contains(.migrated(session: id ?? 0, to: $0.clientAddress)) })
        sim.clientSend(testFrame(9, size: 50))
        #expect(sim.run(for: 1_000 * ms) { $0.clientDelivered.count == 1 })
        #expect(sim.client.sessionID == id)
        #expect(sim.server.sessionCount == 1)
    }

    @Test func aResetEndsTheLink() throws {
        var sim = LinkSimulation()
        sim.start()
        #expect(sim.run(for: 1_000 * ms) { $0.client.isEstablished })
        let id = try #require(sim.client.sessionID)
        // Someone else's session id in a RESET is ignored; ours closes the link.
        #expect(sim.client.receive(Datagram.reset(session: id &+ 1).encoded(), now: sim.now).isEmpty)
        #expect(sim.client.receive(Datagram.reset(session: id).encoded(), now: sim.now) == [.closed(reason: .reset)])
        #expect(sim.client.isClosed)
        #expect(sim.client.nextDeadline == nil)
    }

    @Test func garbageFromTheRelayIsCountedAndDropped() {
        var sim = LinkSimulation()
        sim.start()
        #expect(sim.client.receive([0x89, 0x55, 1, 99], now: sim.now).isEmpty)
        #expect(sim.client.receive(Datagram.cookie(nonce: 1, cookie: Cookie(issued: 0, mac: 0)).encoded(), now: sim.now).isEmpty)
        #expect(sim.client.statistics.malformedDropped == 2)
    }
}
