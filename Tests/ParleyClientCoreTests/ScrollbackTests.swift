import Testing

@testable import ParleyClientCore

@Suite struct ScrollbackTests {
    @Test func numbersLinesAndFindsThemBySequence() {
        var scrollback = Scrollback(capacity: 5)
        let first = scrollback.append(time: 1, kind: .notice, text: "one")
        let second = scrollback.append(time: 2, kind: .message, nick: "bob", text: "two")
        #expect(first.sequence + 1 == second.sequence)
        #expect(scrollback.entry(withSequence: second.sequence)?.text == "two")
        #expect(scrollback.entry(withSequence: 999) == nil)
    }

    @Test func defaultCapacityIsTenThousandAndIsNeverExceeded() {
        var scrollback = Scrollback()
        #expect(scrollback.capacity == 10_000)
        for index in 0..<10_050 { scrollback.append(time: UInt64(index), kind: .notice, text: "\(index)") }
        #expect(scrollback.count == 10_000)
        #expect(scrollback.first?.text == "50")
        #expect(scrollback.last?.text == "10049")
        #expect(scrollback.entry(withSequence: 1) == nil)
        #expect(scrollback.entry(withSequence: 51)?.text == "50")
    }

    @Test func modifiesKeptLinesOnly() {
        var scrollback = Scrollback(capacity: 2)
        let gone = scrollback.append(time: 0, kind: .message, text: "a", delivery: .pending)
        let kept = scrollback.append(time: 0, kind: .message, text: "b", delivery: .pending)
        scrollback.append(time: 0, kind: .notice, text: "c")
        #expect(scrollback.modifyEntry(withSequence: gone.sequence) { $0.delivery = .delivered } == nil)
        let changed = scrollback.modifyEntry(withSequence: kept.sequence) { $0.delivery = .delivered }
        #expect(changed?.delivery == .delivered)
        #expect(scrollback.first?.delivery == .delivered)
    }

    @Test func clearingKeepsSequencesIncreasing() {
        var scrollback = Scrollback(capacity: 3)
        scrollback.append(time: 0, kind: .notice, text: "a")
        scrollback.removeAll()
        #expect(scrollback.isEmpty)
        let next = scrollback.append(time: 0, kind: .notice, text: "b")
        #expect(next.sequence == 2)
        #expect(scrollback.entry(withSequence: 2)?.text == "b")
    }
}
