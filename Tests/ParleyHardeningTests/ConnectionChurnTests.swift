import Dispatch
import ParleyTestSupport
import ParleyWire
import Testing

extension Hardening {
    @Suite struct ConnectionChurn {
        /// Tallies shared by the churning threads.
        final class Tally: Sendable {
            /// Guarded by its own lock.
            private let counts = Locked((cycles: 0, failures: 0, firstFailure: ""))

            func cycle() { counts.withLock { $0.cycles += 1 } }
            func failure(_ error: any Error) {
                counts.withLock {
                    $0.failures += 1
                    if $0.firstFailure.isEmpty { $0.firstFailure = "\(error)" }
                }
            }
            var figures: (cycles: Int, failures: Int, firstFailure: String) { counts.withLock { $0 } }
        }

        /// 10 000 connections opened and closed by eight threads at once: most closed at once
        /// with a FIN, some with a reset, some after the first byte of a preamble, a few after
        /// a line of text (a guest joins and leaves). No descriptor or peer may be left behind.
        @Test func tenThousandConnectAndDisconnectCycles() throws {
            let arena = try RelayUnderAttack()
            defer { arena.close() }
            let port = arena.port
            // Sanitizers slow the relay several times over; keep the test bounded there too.
            let target = Resources.sanitizer == nil ? 10_000 : 2_000
            let workers = 8
            let tally = Tally()
            let started = TestClock.seconds()
            // The bound is generous on purpose: the test is about what is left behind, not speed
            // (that is a benchmark's business). Idle, 10,000 cycles take about 7 s here; with two
            // other jobs on the machine's two cores, over 20.
            try arena.during(timeout: 50) {
                let deadline = TestClock.seconds() + 45
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var cycle = worker
                    while cycle < target, TestClock.seconds() < deadline {
                        defer { cycle += workers }
                        do {
                            let socket = try LoopbackSocket.tcp(port: port, timeout: 3)
                            switch cycle % 100 {
                            case 0: try socket.send(Array("hello from churn \(cycle)\n".utf8))
                            case 1..<20: _ = socket.sendSome([0x89])
                            case 20..<40:
                                socket.abort()
                                tally.cycle()
                                continue
                            default: break
                            }
                            socket.close()
                            tally.cycle()
                        } catch {
                            tally.failure(error)
                        }
                    }
                }
            }
            let elapsed = TestClock.seconds() - started
            let figures = tally.figures
            print("hardening: \(figures.cycles) connect/disconnect cycles in \(Int(elapsed * 1000)) ms, \(figures.failures) failures")
            #expect(figures.cycles + figures.failures == target, "only \(figures.cycles + figures.failures) of \(target) cycles in \(elapsed) s")
            #expect(figures.failures == 0, "\(figures.failures) connections failed; the first: \(figures.firstFailure)")
            try arena.verify()
        }
    }
}
