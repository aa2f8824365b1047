import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct Crowding {
        /// One host (127.0.0.2) opens 60 plain-text connections against a limit of 16 per
        /// address: 16 join, every other one is told why in a line and closed, and the watchers
        /// (from 127.0.0.1) and a fresh client afterwards are not crowded out.
        @Test func oneHostGetsItsShareAndNoMore() throws {
            let limit = 16
            let arena = try RelayUnderAttack { $0.maxPeersPerAddress = limit }
            defer { arena.close() }
            let port = arena.port
            let outcome = try arena.during(timeout: 30) { () throws -> (welcomed: Int, refused: Int, other: [String]) in
                let sockets = try (0..<60).map { index in
                    let socket = try LoopbackSocket.tcp(port: port, localAddress: LoopbackSocket.loopback + 1)
                    try socket.send(Array("hello from crowd \(index)\n".utf8))
                    return socket
                }
                defer { for socket in sockets { socket.close() } }
                var welcomed = 0
                var refused = 0
                var other: [String] = []
                for socket in sockets {
                    // Read until the relay has said which it is: welcome, or no and a close.
                    var text = ""
                    let deadline = TestClock.seconds() + 5
                    while TestClock.seconds() < deadline, !text.contains("Welcome"), !text.contains("too many connections") {
                        guard let bytes = try socket.receive(timeout: 0.2) else { continue }
                        if bytes.isEmpty { break }
                        text += String(decoding: bytes, as: UTF8.self)
                    }
                    if text.contains("Welcome") {
                        welcomed += 1
                    } else if text.contains("* error: too many connections from your address (at most \(limit))") {
                        refused += 1
                        // ... and the relay closes the connection.
                        var closed = false
                        while TestClock.seconds() < deadline + 5, !closed {
                            if let bytes = try socket.receive(timeout: 0.2), bytes.isEmpty { closed = true }
                        }
                        if !closed { other.append("refused but left open") }
                    } else {
                        other.append(text)
                    }
                }
                return (welcomed, refused, other)
            }
            #expect(outcome.welcomed == limit)
            #expect(outcome.refused == 60 - limit)
            #expect(outcome.other.isEmpty, "unexpected answers: \(outcome.other)")
            // A refused client may see its connection close before the relay's log line is written.
            TestClock.wait(upTo: 5) { arena.log.snapshot.addressRefusals.count == 60 - limit }
            let refusals = arena.log.snapshot.addressRefusals
            #expect(refusals.count == 60 - limit, "one log line per refusal")
            #expect(refusals.allSatisfy { $0.hasPrefix("127.0.0.2:") }, "\(refusals)")
            try arena.verify()
        }
    }
}
