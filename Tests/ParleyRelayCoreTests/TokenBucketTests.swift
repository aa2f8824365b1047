import Testing

@testable import ParleyRelayCore

@Suite struct TokenBucketTests {
    @Test func burstThenSustainedRate() {
        var bucket = TokenBucket(capacity: 3, ratePerSecond: 2, now: 0)
        var taken: [Bool] = (0..<4).map { _ in bucket.take(now: 0) }
        #expect(taken == [true, true, true, false])
        taken = [bucket.take(now: 499), bucket.take(now: 500), bucket.take(now: 500)]
        #expect(taken == [false, true, false])
        taken = (0..<4).map { _ in bucket.take(now: 60_000) }
        #expect(taken == [true, true, true, false])
    }
}
