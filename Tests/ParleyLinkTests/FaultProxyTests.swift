import ParleyFaultProxy
import ParleyLink
import ParleyWire
import Testing

/// End to end over real UDP sockets on 127.0.0.1: a `LinkClient` talks through the fault proxy to a
/// `LinkServer` that echoes every frame. Each test is capped in time and closes everything.
@Suite(.serialized) struct FaultProxyTests {
    static let loopback = LinkConfiguration(
        linkTimeout: .seconds(15), keepaliveInterval: .seconds(1), initialRTO: .milliseconds(100),
        minRTO: .milliseconds(20), maxRTO: .milliseconds(500)
    )

    static let conditions: [(loss: Double, duplicate: Double, reorder: Double)] = [
        (0, 0, 0), (0.10, 0, 0), (0.30, 0.05, 0.05),
    ]

    @Test(.timeLimit(.minutes(1)), arguments: conditions.indices)
    func thousandMessagesArriveExactlyOnceInOrderThroughTheProxy(_ condition: Int) throws {
        let c = Self.conditions[condition]
        let rates = FaultRates(loss: c.loss, duplicate: c.duplicate, reorder: c.reorder, jitter: .microseconds(500))
        let server = try UDPLinkServer(configuration: Self.loopback, echo: true)
        defer { server.stop() }
        let proxy = FaultProxy(targetPort: server.port, plan: FaultPlan(upstream: rates, downstream: rates, seed: UInt64(condition) + 3))
        let proxyPort = try proxy.start()
        defer { proxy.stop() }
        let client = try UDPLinkClient(relayPort: proxyPort, configuration: Self.loopback)
        defer { client.stop() }

        let frames = (0..<1000).map { testFrame($0, size: testFrameSize($0)) }
        client.start()
        client.send(frames)
        let done = wait(upTo: .seconds(30)) { client.deliveredCount >= frames.count }
        #expect(done, "echoed \(client.deliveredCount) of \(frames.count); \(client.statistics)")
        #expect(server.deliveredFrames == frames)
        #expect(client.deliveredFrames == frames)
        if c.loss > 0 {
            #expect(proxy.counters.upstream.dropped > 0)
            #expect(client.statistics.retransmissions > 0)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func blackholedLinkIsReportedDownAndRecovers() throws {
        let fast = LinkConfiguration(
            linkTimeout: .seconds(1), keepaliveInterval: .milliseconds(200), initialRTO: .milliseconds(100),
            minRTO: .milliseconds(20), maxRTO: .milliseconds(300)
        )
        // The relay end is more patient than the client (it would close the session at its link
        // timeout), so the outage below is one the session survives.
        var patient = fast
        patient.linkTimeout = .seconds(10)
        let server = try UDPLinkServer(configuration: patient, echo: true)
        defer { server.stop() }
        let proxy = FaultProxy(targetPort: server.port, plan: FaultPlan(seed: 1))
        let proxyPort = try proxy.start()
        defer { proxy.stop() }
        let client = try UDPLinkClient(relayPort: proxyPort, configuration: fast)
        defer { client.stop() }

        client.start()
        #expect(wait(upTo: .seconds(5)) { client.isEstablished })
        proxy.setBlackhole(true)
        let started = LoopbackEndpoint.now
        client.send([testFrame(1, size: 100)])
        #expect(wait(upTo: .seconds(3)) { client.recordedEvents.contains(.down(reason: "nothing heard from the relay")) })
        let elapsed = LoopbackEndpoint.now - started
        #expect(elapsed >= 900_000_000 && elapsed < 2_500_000_000)
        #expect(client.deliveredCount == 0)
        proxy.setBlackhole(false)
        #expect(wait(upTo: .seconds(3)) { client.recordedEvents.contains(.up) })
        #expect(wait(upTo: .seconds(3)) { client.deliveredFrames == [testFrame(1, size: 100)] })
        #expect(server.sessionCount == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func spoofedDatagramsGetNoLargerAnswerAndNoSession() throws {
        let server = try UDPLinkServer(configuration: Self.loopback, echo: false)
        defer { server.stop() }
        let spoofer = try UDPSocket()
        defer { spoofer.close() }
        var random = LinkRandom(seed: 5)
        var sentBytes = 0
        let probes: [[UInt8]] = [
            Datagram.initiate(nonce: 1).encoded(),
            Datagram.connect(nonce: 1, cookie: Cookie(issued: 1, mac: 2), resumeSession: 0).encoded(),
            Datagram.data(DataSegment(session: random.next(), sequence: 1, ack: Acknowledgement(cumulative: 0), payload: [1])).encoded(),
            Datagram.ack(session: random.next(), ack: Acknowledgement(cumulative: 0)).encoded(),
            [0x89, 0x55, 1, 5, 0, 0],
        ]
        for probe in probes {
            spoofer.send(probe, to: .loopback(port: server.port))
            sentBytes += probe.count
        }
        var received: [[UInt8]] = []
        _ = wait(upTo: .milliseconds(300)) {
            while let (bytes, _) = spoofer.receive() { received.append(bytes) }
            return false
        }
        // Each answer (COOKIE, RESET, RESET) is smaller than its question; the bad CONNECT and garbage get none.
        #expect(received.count == 3)
        #expect(received.reduce(0) { $0 + $1.count } <= sentBytes)
        for (question, answer) in zip([probes[0], probes[2], probes[3]], received) { #expect(answer.count <= question.count) }
        #expect(server.sessionCount == 0)
    }
}
