import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct UDPSpoofing {
        /// Sends `datagram` from `socket` and collects the answers for a moment.
        static func exchange(_ datagram: [UInt8], on socket: LoopbackSocket, wait: Double = 0.05) throws -> [[UInt8]] {
            try socket.send(datagram)
            var answers: [[UInt8]] = []
            while let answer = try socket.receive(timeout: wait), !answer.isEmpty { answers.append(answer) }
            return answers
        }

        /// Unknown addresses, forged cookies, a cookie used from another address, unknown and
        /// forged session ids: no session is made, and no answer is larger than its datagram.
        @Test func unknownAndSpoofedAddressesGetNoSession() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let problems = try arena.during(timeout: 20) { () throws -> [String] in
                var problems: [String] = []
                var random = SeededRandom(seed: 0xBAD5_EED)
                let honest = try LoopbackSocket.udp(port: port)
                let spoofer = try LoopbackSocket.udp(port: port, localAddress: LoopbackSocket.loopback + 5)
                defer {
                    honest.close()
                    spoofer.close()
                }
                func expectNothing(_ datagram: Datagram, from socket: LoopbackSocket, _ what: String) throws {
                    let answers = try Self.exchange(datagram.encoded(), on: socket, wait: 0.02)
                    if !answers.isEmpty { problems.append("\(what) was answered with \(answers)") }
                }
                // A CONNECT with a cookie the relay never issued.
                for _ in 0..<20 {
                    let forged = Cookie(issued: UInt32.random(in: 0...UInt32.max, using: &random), mac: random.next())
                    try expectNothing(.connect(nonce: random.next(), cookie: forged, resumeSession: 0), from: spoofer, "a forged cookie")
                }
                // A real cookie, sent back from another address.
                let nonce = random.next()
                let answers = try Self.exchange(Datagram.initiate(nonce: nonce).encoded(), on: honest)
                guard answers.count == 1, answers[0].count <= Datagram.initSize, case .cookie(nonce, let cookie)? = try? Datagram.decode(answers[0]) else {
                    return ["INIT was not answered with one small COOKIE: \(answers)"]
                }
                try expectNothing(.connect(nonce: nonce, cookie: cookie, resumeSession: 0), from: spoofer, "a cookie from another address")
                // Unknown session ids: at most a RESET, never larger than what arrived.
                for _ in 0..<25 {
                    let session = random.next()
                    let candidates: [Datagram] = [
                        .data(DataSegment(session: session, sequence: 1, ack: Acknowledgement(cumulative: 0), payload: ClientMessage.ping(1).encoded())),
                        .ack(session: session, ack: Acknowledgement(cumulative: 3)),
                        .close(session: session, reason: 1),
                        .connect(nonce: nonce, cookie: cookie, resumeSession: session),
                    ]
                    for datagram in candidates {
                        let bytes = datagram.encoded()
                        for answer in try Self.exchange(bytes, on: honest, wait: 0.01) {
                            guard answer.count <= bytes.count, case .reset? = try? Datagram.decode(answer) else {
                                problems.append("\(datagram) (\(bytes.count) bytes) was answered with \(answer.count) bytes: \(answer)")
                                continue
                            }
                        }
                    }
                }
                return problems
            }
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            try arena.verify()
        }

        /// Every datagram the UDP watcher has sent, replayed from another address: the session
        /// stays where it is (the watcher keeps receiving, the replayer hears nothing but a
        /// COOKIE for a replayed INIT), and no session is added.
        @Test func replayedDatagramsDoNotMoveTheSession() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            try arena.chat(for: 1)
            guard let carol = arena.watchers.last as? LinkPeer else { return }
            let recorded = carol.sentDatagrams
            let problems = try arena.during(timeout: 20) { () throws -> [String] in
                var problems: [String] = []
                let replayer = try LoopbackSocket.udp(port: port, localAddress: LoopbackSocket.loopback + 7)
                defer { replayer.close() }
                for _ in 0..<3 {
                    for datagram in recorded {
                        for answer in try Self.exchange(datagram, on: replayer, wait: 0.005) {
                            let decoded = try? Datagram.decode(answer)
                            let isCookie: Bool
                            if case .cookie? = decoded { isCookie = true } else { isCookie = false }
                            if answer.count > datagram.count || !isCookie {
                                problems.append("a replay of \(datagram.count) bytes was answered with \(answer.count) bytes: \(String(describing: decoded))")
                            }
                        }
                    }
                }
                return problems
            }
            #expect(recorded.count > 10)
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            // The session did not move: carol still hears everything (verify counts her messages).
            let before = carol.chats.count
            try arena.chat(timeout: 5) { carol.chats.count >= before + 5 }
            #expect(carol.chats.count >= before + 5, "the UDP watcher stopped receiving after the replay")
            try arena.verify()
        }

        /// A CLOSE naming the UDP watcher's session, sent from another address: the relay should
        /// only take a CLOSE (or an ACK) from the address the session lives at, as it already
        /// does for a DATA that would move it.
        @Test
        func aCloseFromAnotherAddressDoesNotEndTheSession() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            guard let carol = arena.watchers.last as? LinkPeer, let session = carol.sessionID else { return }
            try arena.during(timeout: 10) {
                let stranger = try LoopbackSocket.udp(port: port, localAddress: LoopbackSocket.loopback + 9)
                defer { stranger.close() }
                _ = try Self.exchange(Datagram.close(session: session, reason: 1).encoded(), on: stranger)
            }
            try arena.chat(for: 1)
            #expect(!carol.isClosedByRelay)
            #expect(!arena.watchers.contains { $0.lefts.contains { $0.nick == "carol" } }, "a stranger's CLOSE ended carol's session")
            try arena.verify()
        }
    }
}
