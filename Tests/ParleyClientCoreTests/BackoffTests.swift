import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct BackoffTests {
    @Test func nominalDelaysDoubleUpToTheCap() {
        let backoff = Backoff(initialDelay: 500, maximumDelay: 30_000)
        let delays = (1...9).map { backoff.nominalDelay(attempt: $0) }
        #expect(delays == [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000])
        #expect(backoff.nominalDelay(attempt: 10_000) == 30_000)
    }

    @Test func jitterStaysBetweenHalfAndAllOfTheNominalDelay() {
        let backoff = Backoff()
        var random = SplitMix64(seed: 7)
        for attempt in 1...12 {
            for _ in 0..<200 {
                let nominal = backoff.nominalDelay(attempt: attempt)
                let delay = backoff.delay(attempt: attempt, random: random.next())
                #expect(delay >= nominal / 2 && delay <= nominal)
            }
        }
    }

    @Test func theSameSeedGivesTheSameSchedule() {
        func schedule(seed: UInt64) -> [UInt64] {
            var random = SplitMix64(seed: seed)
            return (1...8).map { Backoff().delay(attempt: $0, random: random.next()) }
        }
        #expect(schedule(seed: 1) == schedule(seed: 1))
        #expect(schedule(seed: 1) != schedule(seed: 2))
    }

    @Test func theMachineFollowsTheScheduleAcrossFailedAttempts() {
        var harness = Harness()
        harness.handle(.start(now: harness.now))
        var random = SplitMix64(seed: 42)
        _ = random.next()  // the machine's first draw starts its request counter
        for attempt in 1...6 {
            let droppedAt = harness.now
            harness.handle(.transportDown(reason: "connection refused", now: harness.now))
            let expected = Backoff().delay(attempt: attempt, random: random.next())
            #expect(harness.machine.nextDeadline == droppedAt + expected)
            guard case .reconnecting(_, let next, let reason) = harness.machine.link else {
                Issue.record("not reconnecting")
                return
            }
            #expect(next == attempt + 1)
            #expect(reason == "connection refused")
            harness.now = droppedAt + expected - 1
            #expect(!harness.handle(.tick(now: harness.now)).contains(.connect))
            harness.now += 1
            #expect(harness.handle(.tick(now: harness.now)).contains(.connect))
        }
    }
}
