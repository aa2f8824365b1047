import Dispatch
import ParleyClient
import ParleyClientCore
import ParleyTestSupport
import ParleyWire
import Testing

/// `ClientSession` in this process, on a private queue, against a real relay.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ClientSessionTests {
    /// A session with an observer that records every effect.
    final class Observed: Sendable {
        let session: ClientSession
        let effects = Locked<[ClientEffect]>([])

        init(address: RelayAddress, nick: String, transport: Transport = .tcp, reconnectDelay: UInt64? = nil) {
            var client = ClientConfiguration(nick: nick, transport: transport, history: 0, seed: 1)
            if let reconnectDelay { client.backoff = Backoff(initialDelay: reconnectDelay, maximumDelay: reconnectDelay * 4) }
            session = ClientSession(
                configuration: ClientSessionConfiguration(address: address, client: client),
                queue: DispatchQueue(label: "test.session.\(nick)"))
            session.setObserver { [effects] batch in effects.withLock { $0 += batch } }
        }

        /// Reads the state on the session's queue.
        var state: ClientStateMachine { session.queue.sync { session.state } }

        /// Waits until `condition` holds for the recorded effects.
        func wait(
            timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
            until condition: ([ClientEffect]) -> Bool
        ) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline {
                // Copy out first: the condition may read `state`, which waits for the session queue,
                // whose observer may be waiting for this lock.
                if condition(effects.withLock { $0 }) { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
            throw ParleyProcessError.timedOut
        }

        func stop() {
            let done = DispatchSemaphore(value: 0)
            session.stop { done.signal() }
            _ = done.wait(timeout: .now() + 5)
        }
    }

    @Test(arguments: [Transport.tcp, .udp])
    func aSubmittedMessageGoesFromPendingToDelivered(transport: Transport) async throws {
        let relay = try RelayFixture()
        defer { relay.stop() }
        let client = Observed(address: RelayAddress(host: "127.0.0.1", port: UInt16(relay.port)), nick: "ada", transport: transport)
        defer { client.stop() }
        client.session.start()
        try await client.wait { $0.contains(.statusChanged) && $0.contains { if case .append(let e, _) = $0 { e.text.contains("as ada") } else { false } } }
        #expect(client.state.status.link.isConnected)
        #expect(client.state.status.transport == transport)
        client.session.submit("hello")
        try await client.wait { effects in effects.contains { if case .update(let e, _) = $0 { e.delivery == .delivered } else { false } } }
        let status = client.state.status
        #expect(status.pendingCount == 0 && status.failedCount == 0)
        #expect(client.state.windows.current.scrollback.last?.text == "hello")
        #expect(client.state.windows.current.scrollback.last?.delivery == .delivered)
        if transport == .udp { #expect(status.linkQuality != nil) }
    }

    @Test func connectsOverIPv6Loopback() async throws {
        let relay: RelayFixture
        do {
            relay = try RelayFixture(host: "::1")
        } catch {
            return  // no IPv6 loopback on this machine: nothing to test
        }
        defer { relay.stop() }
        let address = try RelayAddress(parsing: "[::1]:\(relay.port)")
        let client = Observed(address: address, nick: "six")
        defer { client.stop() }
        client.session.start()
        try await client.wait { $0.contains { if case .append(let e, _) = $0 { e.text.contains("connected to [::1]:\(relay.port) over tcp as six") } else { false } } }
    }

    @Test func statusShowsReconnectingWithTheReasonWhenNoRelayListens() async throws {
        let relay = try RelayFixture()
        let port = UInt16(relay.port)
        relay.stop()
        let client = Observed(address: RelayAddress(host: "127.0.0.1", port: port), nick: "lonely")
        defer { client.stop() }
        client.session.start()
        try await client.wait { _ in
            if case .reconnecting(_, _, let reason) = client.state.link { return reason.contains("Connection refused") }
            return false
        }
    }
}

/// Back-pressure from the screen to the relay: a session whose queue stops draining makes its
/// transport stop reading, so the backlog builds at the relay, which drops the peer as a slow
/// consumer, instead of in this process's memory.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct ClientSessionBackPressureTests {
    @Test func aStalledSessionStopsReadingAndTheRelayDropsItAsASlowConsumer() async throws {
        let relay = try RelayFixture(rate: 0)
        defer { relay.stop() }
        let address = RelayAddress(host: "127.0.0.1", port: UInt16(relay.port))
        let stalled = ClientSessionTests.Observed(address: address, nick: "stalled")
        stalled.session.start()
        try await stalled.wait { $0.contains { if case .append(let e, _) = $0 { e.text.contains("as stalled") } else { false } } }
        let talker = ClientSessionTests.Observed(address: address, nick: "talker")
        defer { talker.stop() }
        talker.session.start()
        try await talker.wait { $0.contains { if case .append(let e, _) = $0 { e.text.contains("as talker") } else { false } } }

        stalled.session.queue.suspend()
        defer {
            stalled.session.queue.resume()
            stalled.stop()
        }
        // About 16 MB towards the stalled peer: far more than its socket buffers and the relay's
        // 1 MiB queue limit together.
        let text = String(repeating: "x", count: 4000)
        for round in 0..<16 {
            for index in 0..<250 { talker.session.submit("\(round)-\(index) \(text)") }
            try await talker.wait(timeout: .seconds(20)) { effects in
                effects.count(where: { if case .update(let e, _) = $0 { e.delivery == .delivered } else { false } }) >= (round + 1) * 250
                    || effects.contains { if case .append(let e, _) = $0 { e.text.contains("stalled") && e.text.contains("slow consumer") } else { false } }
            }
            if talker.effects.withLock({ $0 }).contains(where: { if case .append(let e, _) = $0 { e.text.contains("slow consumer") } else { false } }) { break }
        }
        try await talker.wait(timeout: .seconds(20)) { effects in
            effects.contains { if case .append(let e, _) = $0 { e.text.contains("stalled") && e.text.contains("slow consumer") } else { false } }
        }
    }
}
