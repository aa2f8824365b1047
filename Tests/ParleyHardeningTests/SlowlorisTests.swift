import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct Slowloris {
        /// Four clients that send their preamble and HELLO one byte per second: the handshake
        /// timeout counts from the connection, not from the last byte, so trickling does not
        /// keep them alive.
        @Test func oneBytePerSecondIsCutOffAtTheHandshakeTimeout() throws {
            let arena = try RelayUnderAttack { $0.handshakeTimeout = .seconds(2) }
            defer { arena.close() }
            let port = arena.port
            let lifetimes = try arena.during(timeout: 20) { () throws -> [Double] in
                let opening = Preamble.bytes + ClientMessage.hello(Hello(nick: "slowloris", history: 0)).encoded()
                let sockets = try (0..<4).map { _ in try LoopbackSocket.tcp(port: port) }
                defer { for socket in sockets { socket.close() } }
                let started = TestClock.seconds()
                var lifetimes = [Double?](repeating: nil, count: sockets.count)
                var sent = 0
                while TestClock.seconds() < started + 6, lifetimes.contains(where: { $0 == nil }) {
                    if sent < opening.count, TestClock.seconds() >= started + Double(sent) {
                        for (index, socket) in sockets.enumerated() where lifetimes[index] == nil { _ = socket.sendSome([opening[sent]]) }
                        sent += 1
                    }
                    for (index, socket) in sockets.enumerated() where lifetimes[index] == nil {
                        if let bytes = try socket.receive(timeout: 0.02), bytes.isEmpty { lifetimes[index] = TestClock.seconds() - started }
                    }
                }
                return lifetimes.map { $0 ?? -1 }
            }
            for lifetime in lifetimes {
                #expect(lifetime >= 1.7 && lifetime < 3.5, "a slowloris connection lived \(lifetime) s (handshake timeout 2 s)")
            }
            try arena.verify()
        }
    }
}
