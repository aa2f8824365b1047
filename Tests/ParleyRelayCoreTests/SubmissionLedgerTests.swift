import Testing

@testable import ParleyRelayCore

@Suite struct SubmissionLedgerTests {
    @Test func remembersRecentKeysPerFoldedNick() {
        var ledger = SubmissionLedger(keysPerNick: 2, nickCapacity: 10)
        ledger.record(nick: "Ada", key: 1, .init(id: 10, time: 0))
        ledger.record(nick: "ada", key: 2, .init(id: 11, time: 0))
        #expect(ledger.stamp(nick: "ADA", key: 1)?.id == 10)
        ledger.record(nick: "ada", key: 3, .init(id: 12, time: 0))
        #expect(ledger.stamp(nick: "ada", key: 1) == nil)
        #expect(ledger.stamp(nick: "ada", key: 3)?.id == 12)
        #expect(ledger.stamp(nick: "bob", key: 3) == nil)
    }

    @Test func forgetsTheOldestNickWhenFull() {
        var ledger = SubmissionLedger(keysPerNick: 2, nickCapacity: 2)
        ledger.record(nick: "a", key: 1, .init(id: 1, time: 0))
        ledger.record(nick: "b", key: 1, .init(id: 2, time: 0))
        ledger.record(nick: "c", key: 1, .init(id: 3, time: 0))
        #expect(ledger.stamp(nick: "a", key: 1) == nil)
        #expect(ledger.stamp(nick: "c", key: 1)?.id == 3)
    }
}
