import ParleyClientCore
@testable import ParleyUI

/// Shared test data: entries on 2024-05-14 (a Tuesday), UTC.
enum Fixtures {
    /// 2024-05-14 09:30:00 UTC.
    static let morning: UInt64 = 1_715_679_000_000
    /// 2024-05-15 00:05:00 UTC.
    static let nextDay: UInt64 = 1_715_731_500_000

    static func message(
        _ sequence: UInt64, _ nick: String, _ text: String, minutes: UInt64 = 0,
        delivery: ScrollbackEntry.Delivery? = nil, mention: Bool = false
    ) -> ScrollbackEntry {
        ScrollbackEntry(
            sequence: sequence, time: morning + minutes * 60_000, kind: .message, nick: nick, text: text,
            delivery: delivery, isMention: mention)
    }

    static func notice(_ sequence: UInt64, _ text: String, time: UInt64 = morning) -> ScrollbackEntry {
        ScrollbackEntry(sequence: sequence, time: time, kind: .notice, text: text)
    }

    /// `count` short messages "line 1" ... numbered from `first`.
    static func numbered(_ count: Int, first: Int = 1) -> [ScrollbackEntry] {
        (0..<count).map { message(UInt64(first + $0), "bob", "line \(first + $0)") }
    }

    static let status = StatusInfo(
        nick: "alice", relayAddress: "127.0.0.1:7000", transport: .tcp, link: .connected, peersOnline: 3)
}

extension ChatView {
    /// Feeds `text` as typed characters.
    mutating func type(_ text: String, entries: [ScrollbackEntry] = []) {
        for scalar in text.unicodeScalars { _ = handle(.character(scalar), entries: entries, nicks: []) }
    }

    /// Applies keys, returning every action.
    @discardableResult
    mutating func press(_ keys: Key..., entries: [ScrollbackEntry] = [], nicks: [String] = []) -> [UIAction] {
        keys.flatMap { handle($0, entries: entries, nicks: nicks) }
    }
}
