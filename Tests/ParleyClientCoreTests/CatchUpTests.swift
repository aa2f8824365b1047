import Testing

@testable import ParleyClientCore

@Suite struct CatchUpTests {
    @Test func idsAfterTheReplayAndUpToTheFirstPartAreNewThenOnlyThoseAboveTheCursor() {
        let catchUp = CatchUp(after: 6, liveAfter: 10)
        // #11 and #12 came live (the cursor is 12); #13 has not come yet.
        #expect((1...14).filter { catchUp.isNew($0, cursor: 12) } == [7, 8, 9, 10, 13, 14])
        // Nothing came live: everything after the replay is new.
        #expect((1...12).filter { catchUp.isNew($0, cursor: 6) } == [7, 8, 9, 10, 11, 12])
    }
}
