import ParleyClientCore
import Testing
@testable import ParleyUI

struct ScrollbackViewportTests {
    let formatter = EntryFormatter(width: 20, metrics: .table)

    func visible(_ viewport: ScrollbackViewport, _ entries: [ScrollbackEntry], height: Int) -> [String] {
        viewport.visibleRows(in: entries, formatter: formatter, height: height).map(\.text)
    }

    @Test func followingShowsTheNewestRows() {
        let entries = Fixtures.numbered(10)
        let rows = visible(ScrollbackViewport(), entries, height: 3)
        #expect(rows == ["09:30 <bob> line 8", "09:30 <bob> line 9", "09:30 <bob> line 10"])
    }

    @Test func fewLinesStartAtTheTop() {
        let rows = visible(ScrollbackViewport(), Fixtures.numbered(1), height: 4)
        #expect(rows == ["── Tue 2024-05-14 ──", "09:30 <bob> line 1"])
    }

    @Test func scrollingUpAndDownAndBackToFollowing() {
        let entries = Fixtures.numbered(10)
        var viewport = ScrollbackViewport()
        viewport.scroll(by: 2, in: entries, formatter: formatter, height: 3)
        #expect(!viewport.isFollowing)
        #expect(visible(viewport, entries, height: 3) == ["09:30 <bob> line 6", "09:30 <bob> line 7", "09:30 <bob> line 8"])
        #expect(viewport.entriesBelow(in: entries) == 2)
        viewport.scroll(by: -1, in: entries, formatter: formatter, height: 3)
        #expect(visible(viewport, entries, height: 3).last == "09:30 <bob> line 9")
        viewport.scroll(by: -5, in: entries, formatter: formatter, height: 3)
        #expect(viewport.isFollowing)
    }

    @Test func scrollingStopsAtTheOldestLine() {
        let entries = Fixtures.numbered(5)
        var viewport = ScrollbackViewport()
        viewport.scroll(by: 1000, in: entries, formatter: formatter, height: 3)
        #expect(visible(viewport, entries, height: 3) == ["── Tue 2024-05-14 ──", "09:30 <bob> line 1", "09:30 <bob> line 2"])
    }

    @Test func nothingToScrollWhenEverythingFits() {
        var viewport = ScrollbackViewport()
        viewport.scroll(by: 3, in: Fixtures.numbered(2), formatter: formatter, height: 10)
        #expect(viewport.isFollowing)
    }

    @Test func newLinesDoNotMoveAScrolledViewAndAreCounted() {
        var entries = Fixtures.numbered(10)
        var viewport = ScrollbackViewport()
        viewport.scroll(by: 3, in: entries, formatter: formatter, height: 3)
        let before = visible(viewport, entries, height: 3)
        entries += Fixtures.numbered(4, first: 11)
        #expect(visible(viewport, entries, height: 3) == before)
        #expect(viewport.newEntryCount(in: entries) == 4)
        #expect(viewport.entriesBelow(in: entries) == 7)
        viewport.follow()
        #expect(viewport.newEntryCount(in: entries) == 0)
    }

    @Test func scrollsThroughWrappedRowsOneAtATime() {
        let long = Fixtures.message(2, "bob", "aaaa bbbb cccc dddd")  // 3 rows at width 20
        let entries = [Fixtures.message(1, "bob", "first"), long]
        var viewport = ScrollbackViewport()
        viewport.scroll(by: 1, in: entries, formatter: formatter, height: 2)
        #expect(visible(viewport, entries, height: 2) == ["09:30 <bob> aaaa", "          bbbb cccc"])
    }

    @Test func survivesEntriesDroppedFromTheRing() {
        var entries = Fixtures.numbered(20)
        var viewport = ScrollbackViewport()
        viewport.scroll(by: 15, in: entries, formatter: formatter, height: 3)
        entries.removeFirst(12)  // the anchored entry is gone
        let rows = visible(viewport, entries, height: 3)
        #expect(rows.count == 3)
        entries.removeAll()
        #expect(visible(viewport, entries, height: 3).isEmpty)
    }

    @Test func binarySearchFindsSequences() {
        let entries = [1, 3, 5, 7].map { Fixtures.message(UInt64($0), "b", "") }
        #expect(ScrollbackViewport.firstIndex(atLeast: 4, in: entries) == 2)
        #expect(ScrollbackViewport.firstIndex(after: 7, in: entries) == 4)
        #expect(ScrollbackViewport.firstIndex(atLeast: 0, in: entries) == 0)
    }

    @Test func worksOnAnyRandomAccessCollection() {
        let entries = Fixtures.numbered(6)
        let slice = entries[2...]
        let rows = ScrollbackViewport().visibleRows(in: slice, formatter: formatter, height: 2).map(\.text)
        #expect(rows == ["09:30 <bob> line 5", "09:30 <bob> line 6"])
    }
}
