import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct RandomBytes {
        /// Twenty connections of noise: some look like Parley (0x89 first, so a bad preamble),
        /// some like a line client (lines of garbage become guests' chat), some send a good
        /// preamble and HELLO and then frames of random type and body.
        @Test func randomBytesOverTCPHurtNobody() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let seed = UInt64.random(in: 0...UInt64.max)
            let closedByRelay = try arena.during(timeout: 20) { () throws -> Int in
                var random = SeededRandom(seed: seed)
                var closed = 0
                for connection in 0..<21 {
                    let socket = try LoopbackSocket.tcp(port: port)
                    defer { socket.close() }
                    var bytes: [UInt8]
                    switch connection % 3 {
                    case 0: bytes = [0x89] + random.bytes(4096)
                    case 1: bytes = random.bytes(4096).map { $0 == 0x89 ? 0x0A : $0 }
                    default:
                        bytes = Preamble.bytes + ClientMessage.hello(Hello(nick: "noise\(connection)", history: 0)).encoded()
                        for _ in 0..<200 {
                            let length = Int.random(in: 0...64, using: &random)
                            bytes += [0, 0, 0, UInt8(length), UInt8.random(in: 0...255, using: &random)] + random.bytes(length)
                        }
                    }
                    // Whatever the relay does, it must not take more than a moment to decide.
                    _ = socket.sendSome(bytes)
                    let deadline = TestClock.seconds() + 3
                    while TestClock.seconds() < deadline, let reply = try socket.receive(timeout: 0.1) {
                        if reply.isEmpty {
                            closed += 1
                            break
                        }
                    }
                }
                return closed
            }
            // Bad preambles and floods of malformed frames end their connections; line garbage may
            // stay until the client goes, so at least the first kind must have been closed.
            #expect(closedByRelay >= 7, "seed \(seed)")
            try arena.verify()
        }

        /// Random datagrams, some with the link's magic and a plausible type: no session is
        /// made, and no answer is ever larger than the datagram that caused it.
        @Test func randomDatagramsOverUDPAllocateNothingAndAmplifyNothing() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let seed = UInt64.random(in: 0...UInt64.max)
            let violations = try arena.during(timeout: 20) { () throws -> [String] in
                var random = SeededRandom(seed: seed)
                var violations: [String] = []
                let sockets = try (0..<4).map { index in try LoopbackSocket.udp(port: port, localAddress: LoopbackSocket.loopback + UInt32(index)) }
                defer { for socket in sockets { socket.close() } }
                // An answer names what provoked it (a COOKIE echoes the INIT's nonce, a RESET the
                // session id), so each is matched to its datagram however late it comes.
                var provokers: [[UInt64: Int]] = Array(repeating: [:], count: sockets.count)
                func check(_ reply: [UInt8], on index: Int, round: Int) {
                    let key: UInt64?
                    switch try? Datagram.decode(reply) {
                    case .cookie(let nonce, _)?: key = nonce
                    case .reset(let session)?: key = session
                    default: key = nil
                    }
                    guard let key, let size = provokers[index][key] else {
                        violations.append("an unexpected answer of \(reply.count) bytes: \(reply.prefix(16)) (seed \(seed), round \(round))")
                        return
                    }
                    if reply.count > size { violations.append("\(size) bytes in, \(reply.count) out (seed \(seed), round \(round))") }
                }
                for round in 0..<600 {
                    let index = round % sockets.count
                    let socket = sockets[index]
                    var datagram: [UInt8]
                    switch round % 3 {
                    case 0: datagram = random.bytes(Int.random(in: 0...1500, using: &random))
                    case 1: datagram = Datagram.magic + [Datagram.version, UInt8.random(in: 0...9, using: &random)] + random.bytes(Int.random(in: 0...80, using: &random))
                    default: datagram = Datagram.magic + [Datagram.version, 1] + random.bytes(Datagram.initSize - 4)
                    }
                    if datagram.count >= 12 {
                        let key = datagram[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                        provokers[index][key] = max(provokers[index][key] ?? 0, datagram.count)
                    }
                    try socket.send(datagram)
                    while let reply = try socket.receive(timeout: 0.003), !reply.isEmpty { check(reply, on: index, round: round) }
                }
                for (index, socket) in sockets.enumerated() {
                    while let reply = try socket.receive(timeout: 0.2), !reply.isEmpty { check(reply, on: index, round: 600) }
                }
                return violations
            }
            #expect(violations.isEmpty, "\(violations.prefix(5))")
            try arena.verify()
        }
    }
}
