import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct SlowConsumer {
        /// A TCP client with a tiny receive buffer that never reads, and a UDP client that never
        /// reads or acknowledges, while two talkers send 4 KB messages until both are gone: both are disconnected as
        /// slow consumers, and the watchers (who read) receive every message.
        @Test func peersThatNeverReadAreDisconnectedAndNobodyElseLosesAnything() throws {
            let arena = try RelayUnderAttack {
                $0.rate = 0
                $0.outboundQueueLimit = 1 << 16
            }
            defer { arena.close() }
            let port = arena.port
            let sloth = try FramedPeer(port: port, nick: "sloth", receiveBuffer: 2048)
            defer { sloth.close() }
            let udpSloth = try LinkPeer(port: port, nick: "udpsloth")
            defer { try? udpSloth.close() }
            #expect(try pump([sloth, udpSloth], timeout: 5) { sloth.welcome != nil && udpSloth.welcome != nil })
            udpSloth.isReading = false

            // The watchers' progress: how many talker messages the slowest of them has received.
            let progress = Outcome<Int>()
            arena.afterEachStep = {
                progress.set(.success(arena.watchers.map { $0.chats.count(where: { $0.from.hasPrefix("talker") }) }.min() ?? 0))
            }
            defer { arena.afterEachStep = nil }

            // The talkers send 4 KB messages in batches, each batch waiting for its echoes and
            // for the watchers to have read it (well-behaved readers must never be the slow ones), until
            // they hear that both sloths are gone (a kernel takes megabytes into a socket's send
            // buffer before the relay's own queue starts to fill).
            let talked = try arena.during(timeout: 40) { () throws -> Int in
                let talkers = try (0..<2).map { try FramedPeer(port: port, nick: "talker\($0)") }
                defer { for talker in talkers { talker.close() } }
                guard try pump(talkers, timeout: 5, until: { talkers.allSatisfy { $0.welcome != nil } }) else { return 0 }
                let text = String(repeating: "0123456789abcdef", count: 250)
                let deadline = TestClock.seconds() + 25
                var sent = 0
                func bothGone() -> Bool {
                    ["sloth", "udpsloth"].allSatisfy { nick in talkers[0].lefts.contains { $0.nick == nick } }
                }
                while !bothGone(), sent < 3000, TestClock.seconds() < deadline {
                    for _ in 0..<5 {
                        for talker in talkers { try talker.say("\(sent) \(text)") }
                        sent += talkers.count
                    }
                    guard try pump(talkers, timeout: 5, until: { talkers.allSatisfy { $0.echoed.count == sent / talkers.count } }) else { break }
                    guard try pump(talkers, timeout: 10, until: { (try? progress.get()) ?? 0 >= sent }) else { break }
                }
                return sent
            }
            // The relay logs a departure as it tells the others: wait for both, as both are checked.
            let told = try arena.chat(timeout: 5) {
                arena.watchers.allSatisfy { watcher in
                    ["sloth", "udpsloth"].allSatisfy { nick in watcher.lefts.contains { $0.nick == nick && $0.reason == .slowConsumer } }
                } && arena.log.snapshot.leftReasons["slow consumer"] == 2
            }
            #expect(told, "the watchers were not told that both sloths left as slow consumers: \(arena.watchers.map(\.lefts))")
            #expect(arena.log.snapshot.leftReasons["slow consumer"] == 2, "\(arena.log.snapshot.leftReasons)")
            try arena.chat(timeout: 10) { arena.watchers.allSatisfy { $0.chats.count(where: { $0.from.hasPrefix("talker") }) == talked } }
            for watcher in arena.watchers {
                #expect(watcher.chats.count(where: { $0.from.hasPrefix("talker") }) == talked, "\(watcher.nick) missed talkers' messages")
            }
            print("hardening: the talkers sent \(talked) messages of 4 KB before both sloths were gone")
            sloth.close()
            try udpSloth.close()
            try arena.verify()
        }
    }
}
