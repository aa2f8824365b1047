import ParleyFaultProxy
import Testing

@Suite struct FaultPlanTests {
    @Test func perfectRatesForwardEverythingAtOnce() {
        var plan = FaultPlan(seed: 1)
        for _ in 0..<100 { #expect(plan.decide(.upstream, now: 0) == [0]) }
    }

    @Test func ratesAreMetRoughlyAndPerDirection() {
        var plan = FaultPlan(upstream: FaultRates(loss: 0.3, duplicate: 0.05, reorder: 0.05), downstream: .none, seed: 7)
        for _ in 0..<10_000 {
            _ = plan.decide(.upstream, now: 0)
            #expect(plan.decide(.downstream, now: 0) == [0])
        }
        let up = plan.upstreamCounters
        #expect((2_700...3_300).contains(up.dropped))
        #expect((250...450).contains(up.duplicated))
        #expect((250...450).contains(up.reordered))
        #expect(plan.downstreamCounters.dropped == 0)
    }

    @Test func equalSeedsGiveEqualDecisions() {
        let rates = FaultRates(loss: 0.2, duplicate: 0.1, reorder: 0.1, jitter: .milliseconds(5))
        var a = FaultPlan(upstream: rates, downstream: rates, seed: 42)
        var b = FaultPlan(upstream: rates, downstream: rates, seed: 42)
        for i in 0..<500 {
            let direction: FaultDirection = i % 3 == 0 ? .downstream : .upstream
            #expect(a.decide(direction, now: 0) == b.decide(direction, now: 0))
        }
    }

    @Test func reorderedDatagramsAreHeldBackAndDelaysApply() {
        var plan = FaultPlan(upstream: FaultRates(reorder: 1, delay: .milliseconds(10), reorderDelay: .milliseconds(3)), seed: 1)
        #expect(plan.decide(.upstream, now: 0) == [13_000_000])
    }

    @Test func blackholeDropsEverythingForItsDuration() {
        var plan = FaultPlan(seed: 1)
        plan.blackhole(for: .seconds(2), now: 1_000)
        #expect(plan.decide(.upstream, now: 1_000).isEmpty)
        #expect(plan.decide(.downstream, now: 2_000_000_999).isEmpty)
        #expect(plan.decide(.upstream, now: 2_000_001_000) == [0])
        plan.setBlackhole(true)
        #expect(plan.decide(.upstream, now: .max - 1).isEmpty)
        plan.setBlackhole(false)
        #expect(plan.decide(.upstream, now: 5) == [0])
    }
}
