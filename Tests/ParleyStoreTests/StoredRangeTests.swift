@testable import ParleyStoreSQLite
import Testing

@Suite struct StoredRangeTests {
    private static let high: UInt64 = 1 << 63

    @Test func aRangeOnOneSideOf2To63IsOneSignedRange() {
        #expect(StoredRange.ranges(3...9) == [3...9])
        #expect(StoredRange.ranges((Self.high + 1)...(Self.high + 5)) == [(Int64.min + 1)...(Int64.min + 5)])
    }

    @Test func aRangeAcross2To63IsTheSmallValuesThenTheLargeOnes() {
        #expect(StoredRange.ranges(5...(Self.high + 2)) == [5...Int64.max, Int64.min...(Int64.min + 2)])
        #expect(StoredRange.above(10) == [11...Int64.max, Int64.min...(-1)])
    }

    @Test func emptyBoundsGiveNoRanges() {
        #expect(StoredRange.below(0).isEmpty)
        #expect(StoredRange.above(.max).isEmpty)
        #expect(StoredRange.below(1) == [0...0])
    }
}
