@testable import ParleyLink
import Testing

@Suite struct RTTEstimatorTests {
    let ms: UInt64 = 1_000_000

    @Test func followsRFC6298() {
        var rtt = RTTEstimator(initial: 1_000 * ms, minimum: 200 * ms, maximum: 60_000 * ms)
        #expect(rtt.timeout == 1_000 * ms)
        rtt.add(sample: 100 * ms)
        #expect(rtt.smoothed == 100 * ms)
        #expect(rtt.variance == 50 * ms)
        #expect(rtt.timeout == 300 * ms)
        rtt.add(sample: 200 * ms)
        #expect(rtt.smoothed == 112_500_000)
        #expect(rtt.variance == 62_500_000)
    }

    @Test func clampsToTheMinimumAndBacksOffToTheMaximum() {
        var rtt = RTTEstimator(initial: 500 * ms, minimum: 200 * ms, maximum: 4_000 * ms)
        rtt.add(sample: 1 * ms)
        #expect(rtt.timeout == 200 * ms)
        #expect(rtt.timeout(backoff: 1) == 400 * ms)
        #expect(rtt.timeout(backoff: 4) == 3_200 * ms)
        #expect(rtt.timeout(backoff: 5) == 4_000 * ms)
        #expect(rtt.timeout(backoff: 16) == 4_000 * ms)
    }
}
