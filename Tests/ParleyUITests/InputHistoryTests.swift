import Testing
@testable import ParleyUI

struct InputHistoryTests {
    @Test func upAndDownWalkTheHistoryAndRestoreTheDraft() {
        var history = InputHistory()
        history.record("first")
        history.record("second")
        #expect(history.older(current: "draft") == "second")
        #expect(history.older(current: "second") == "first")
        #expect(history.older(current: "first") == nil)
        #expect(history.newer() == "second")
        #expect(history.newer() == "draft")
        #expect(history.newer() == nil)
    }

    @Test func emptyHistoryRecallsNothing() {
        var history = InputHistory()
        #expect(history.older(current: "x") == nil)
        #expect(history.newer() == nil)
    }

    @Test func repeatsAreStoredOnceAndTheSizeIsBounded() {
        var history = InputHistory(limit: 3)
        for line in ["a", "a", "b", "c", "d"] { history.record(line) }
        #expect(history.lines == ["b", "c", "d"])
    }
}
