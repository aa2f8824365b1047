import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct HistoryTests {
    func filled(capacity: Int, count: Int) -> History {
        var history = History(capacity: capacity)
        for id in 1...UInt64(count) { history.append(Chat(id: id, time: id, from: "a", text: "m\(id)")) }
        return history
    }

    @Test func keepsTheLastCapacityMessages() {
        let history = filled(capacity: 5, count: 12)
        #expect(history.count == 5)
        #expect(history.firstID == 8)
        #expect(history.lastID == 12)
        #expect(history.chat(withID: 7) == nil)
        #expect(history.chat(withID: 8)?.text == "m8")
        #expect(history.chat(withID: 12)?.text == "m12")
        #expect(history.chat(withID: 13) == nil)
    }

    @Test func newestAfterAnIDInOrder() {
        let history = filled(capacity: 5, count: 12)
        let (chats, truncated) = history.newest(after: 9, limit: .max, byteBudget: .max, visibleTo: "a")
        #expect(chats.map(\.id) == [10, 11, 12])
        #expect(!truncated)
        let limited = history.newest(after: 0, limit: 2, byteBudget: .max, visibleTo: "a")
        #expect(limited.chats.map(\.id) == [11, 12])
        #expect(limited.truncated)
    }

    @Test func oldestAfterAnIDInOrderWithinTheBudget() {
        let history = filled(capacity: 5, count: 12)
        let all = history.oldest(after: 9, byteBudget: .max, visibleTo: "a")
        #expect(all.chats.map(\.id) == [10, 11, 12])
        #expect(!all.truncated)
        let frame = History.frameSize(of: history.chat(withID: 10)!)
        let two = history.oldest(after: 9, byteBudget: 2 * frame + frame / 2, visibleTo: "a")
        #expect(two.chats.map(\.id) == [10, 11])
        #expect(two.truncated)
        // A cursor older than the ring starts at the oldest kept; none newer than the newest.
        #expect(history.oldest(after: 2, byteBudget: 2 * frame, visibleTo: "a").chats.map(\.id) == [8, 9])
        #expect(history.oldest(after: 12, byteBudget: .max, visibleTo: "a") == ([], false))
        #expect(history.oldest(after: .max, byteBudget: .max, visibleTo: "a") == ([], false))
        let oldestFrame = History.frameSize(of: history.chat(withID: 8)!)
        #expect(history.oldest(after: 0, byteBudget: oldestFrame - 1, visibleTo: "a") == ([], true))
    }

    @Test func zeroCapacityKeepsNothingButCounts() {
        let history = filled(capacity: 0, count: 3)
        #expect(history.count == 0)
        #expect(history.lastID == 3)
        #expect(history.firstID == 4)
    }

    @Test func sealingHidesOneSideOfPrivateMessages() {
        var history = History(capacity: 10)
        history.append(Chat(id: 1, time: 1, from: "Ann", to: .user("bob"), text: "psst"))
        history.append(Chat(id: 2, time: 2, from: "ann", text: "hello all"))
        history.seal(nick: "ann")
        #expect(history.newest(after: 0, limit: 10, byteBudget: .max, visibleTo: "ann").chats.map(\.id) == [2])
        #expect(history.newest(after: 0, limit: 10, byteBudget: .max, visibleTo: "bob").chats.map(\.id) == [1, 2])
    }
}

@Suite struct HistoryStorageTests {
    @Test func anEmptyHistoryHoldsNoStorageForItsCapacity() {
        // Empty rooms are cheap: their rings grow with their messages, not with the setting.
        var history = History(capacity: 1000)
        #expect(history.storageCapacity == 0)
        history.append(Chat(id: 1, time: 1, from: "ada", text: "hi"))
        #expect(history.storageCapacity < 1000)
    }
}
