import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct HalfFrame {
        /// Half a frame, then silence: before HELLO the handshake timeout ends it; after HELLO
        /// the relay pings, hears nothing, and ends it at the idle timeout. A UDP link that
        /// completes its handshake and then says nothing is ended by the handshake timeout too.
        @Test func halfAFrameThenSilenceIsTimedOut() throws {
            let arena = try RelayUnderAttack {
                $0.handshakeTimeout = .seconds(1)
                $0.idleTimeout = .seconds(2)
            }
            defer { arena.close() }
            let port = arena.port
            let results = try arena.during(timeout: 20) { () throws -> [String: Double] in
                let submit = ClientMessage.submit(Submit(request: 2, text: "never finished")).encoded()
                let hello = ClientMessage.hello(Hello(nick: "half", history: 0)).encoded()
                let beforeHello = try (0..<3).map { _ in try FramedPeer(port: port, nick: nil) }
                let afterHello = try (0..<3).map { _ in try FramedPeer(port: port, nick: nil) }
                defer { for peer in beforeHello + afterHello { peer.close() } }
                let started = TestClock.seconds()
                for peer in beforeHello { try peer.socket.send(Preamble.bytes + Array(hello.prefix(3))) }
                for peer in afterHello { try peer.socket.send(Preamble.bytes + hello + Array(submit.prefix(submit.count / 2))) }
                let link = try LoopbackSocket.udp(port: port)
                defer { link.close() }
                guard let session = try RawHandshake.connect(link) else { return [:] }

                // Read (so that the relay's goodbye is seen) but never answer anything.
                var closedAt: [String: Double] = [:]
                let deadline = started + 12
                while TestClock.seconds() < deadline, closedAt.count < 7 {
                    for (index, peer) in (beforeHello + afterHello).enumerated() {
                        let name = "\(index < 3 ? "before" : "after") HELLO \(index)"
                        guard closedAt[name] == nil else { continue }
                        if let bytes = try peer.socket.receive(timeout: 0.01), bytes.isEmpty {
                            closedAt[name] = TestClock.seconds() - started
                        }
                    }
                    if closedAt["udp"] == nil, let bytes = try link.receive(timeout: 0.01), case .close(session, _)? = try? Datagram.decode(bytes) {
                        closedAt["udp"] = TestClock.seconds() - started
                    }
                }
                return closedAt
            }
            #expect(results.count == 7, "not every silent peer was ended: \(results)")
            for (peer, seconds) in results {
                let limit = peer.hasPrefix("after") ? 2.0 : 1.0
                // Never before the limit; the slack above it allows for a loaded machine (CI runs
                // this under the sanitizers too), where the relay's tick may run late.
                #expect(seconds >= limit - 0.3 && seconds < limit + 5, "\(peer) ended after \(seconds) s")
            }
            try arena.verify()
        }
    }
}
