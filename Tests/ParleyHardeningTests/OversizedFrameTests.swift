import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct OversizedFrame {
        /// A header claiming 4 GiB (and one claiming a byte over the limit), before and after
        /// HELLO: "frame too large" at once, the connection closed, nothing reserved.
        @Test func aFrameHeaderClaimingFourGiBIsRefusedOnTheHeader() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let residentBefore = Resources.residentBytes()
            let outcomes = try arena.during(timeout: 20) { () throws -> [String] in
                var outcomes: [String] = []
                let hello = ClientMessage.hello(Hello(nick: "huge", history: 0)).encoded()
                let headers: [[UInt8]] = [
                    [0xFF, 0xFF, 0xFF, 0xFF, ClientMessage.Kind.submit.rawValue],
                    [0x00, 0x00, 0xFF, 0xFC, ClientMessage.Kind.submit.rawValue],  // 65 532: one byte over
                ]
                for (index, header) in headers.enumerated() {
                    for afterHello in [false, true] {
                        let peer = try FramedPeer(port: port, nick: nil)
                        defer { peer.close() }
                        try peer.socket.send(Preamble.bytes + (afterHello ? hello : []) + header + [UInt8](repeating: 0x41, count: 100))
                        let started = TestClock.seconds()
                        _ = try pump([peer], timeout: 3) { peer.isClosedByRelay }
                        let refused = peer.errors.contains { $0.code == .frameTooLarge }
                        outcomes.append("header \(index) after HELLO \(afterHello): closed \(peer.isClosedByRelay), refused \(refused), \(Int((TestClock.seconds() - started) * 1000)) ms")
                    }
                }
                return outcomes
            }
            for outcome in outcomes {
                #expect(outcome.contains("closed true, refused true"), "\(outcome)")
            }
            #expect(Resources.residentBytes() - residentBefore < 32 << 20)
            try arena.verify()
        }

        /// The same inside the UDP link: a reassembled frame whose header claims 4 GiB ends
        /// the session; a DATA datagram claiming 65 535 fragments, or a fragment index beyond
        /// its count, is dropped without harm.
        @Test func oversizedClaimsOverTheLinkAreRefused() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            let sessionClosed = try arena.during(timeout: 20) { () throws -> Bool in
                // Fragment claims on a session of its own.
                let fragments = try LinkPeer(port: port, nick: "fragments")
                defer { try? fragments.close() }
                guard try pump([fragments], timeout: 5, until: { fragments.welcome != nil }), let session = fragments.sessionID else { return false }
                var sequence = fragments.lastSequenceSent
                for (index, count) in [(UInt16(0), UInt16.max), (UInt16(70), UInt16(56)), (UInt16(3), UInt16(2))] {
                    sequence += 1
                    let segment = DataSegment(session: session, sequence: sequence, ack: Acknowledgement(cumulative: 0), fragmentIndex: index, fragmentCount: count, payload: [UInt8](repeating: 0xFF, count: Datagram.maxFragmentPayload))
                    try fragments.socket.send(Datagram.data(segment).encoded())
                }
                try pump([fragments], timeout: 0.5) { false }

                // A frame header claiming 4 GiB, carried whole by the link.
                let huge = try LinkPeer(port: port, nick: "huge")
                defer { try? huge.close() }
                guard try pump([huge], timeout: 5, until: { huge.welcome != nil }) else { return false }
                try huge.send(frame: [0xFF, 0xFF, 0xFF, 0xFF, ClientMessage.Kind.submit.rawValue])
                return try pump([huge], timeout: 5) { huge.isClosedByRelay }
            }
            #expect(sessionClosed, "a 4 GiB frame header over UDP did not end the session")
            try arena.verify()
        }
    }
}
