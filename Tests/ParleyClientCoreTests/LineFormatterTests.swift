import Testing

@testable import ParleyClientCore

@Suite struct LineFormatterTests {
    // 2023-11-14 22:13:20 UTC
    let time: UInt64 = 1_700_000_000_000

    func entry(_ kind: ScrollbackEntry.Kind, nick: String = "", _ text: String, delivery: ScrollbackEntry.Delivery? = nil) -> ScrollbackEntry {
        ScrollbackEntry(sequence: 1, time: time, kind: kind, nick: nick, text: text, delivery: delivery)
    }

    @Test func formatsEachKind() {
        #expect(LineFormatter.line(for: entry(.message, nick: "bob", "hello"), utcOffset: 0) == "[22:13:20] <bob> hello")
        #expect(LineFormatter.line(for: entry(.action, nick: "bob", "waves"), utcOffset: 0) == "[22:13:20] * bob waves")
        #expect(LineFormatter.line(for: entry(.notice, "carol joined (udp)"), utcOffset: 0) == "[22:13:20] -!- carol joined (udp)")
        #expect(LineFormatter.line(for: entry(.error, "no such nick"), utcOffset: 0) == "[22:13:20] -!- error: no such nick")
        #expect(
            LineFormatter.line(for: entry(.privateMessage(to: "alice"), nick: "bob", "psst"), utcOffset: 0)
                == "[22:13:20] *bob* psst")
        #expect(
            LineFormatter.line(for: entry(.privateMessage(to: "bob"), nick: "alice", "hi", delivery: .delivered), utcOffset: 0)
                == "[22:13:20] -> *bob* hi")
        #expect(
            LineFormatter.line(for: entry(.privateAction(to: "alice"), nick: "bob", "waves"), utcOffset: 0)
                == "[22:13:20] * *bob* waves")
        #expect(
            LineFormatter.line(for: entry(.privateAction(to: "bob"), nick: "alice", "waves", delivery: .delivered), utcOffset: 0)
                == "[22:13:20] -> * *bob* waves")
    }

    @Test func printsOwnMessagesOnlyOnceSettled() {
        #expect(LineFormatter.line(for: entry(.message, nick: "me", "hi", delivery: .pending), utcOffset: 0) == nil)
        #expect(LineFormatter.line(for: entry(.message, nick: "me", "hi", delivery: .delivered), utcOffset: 0) == "[22:13:20] <me> hi")
        #expect(
            LineFormatter.line(for: entry(.message, nick: "me", "hi", delivery: .failed(reason: "rate limited")), utcOffset: 0)
                == "[22:13:20] -!- failed: rate limited — <me> hi")
    }

    @Test func namesTheRoomOfALineFromAnotherWindow() {
        #expect(LineFormatter.line(for: entry(.message, nick: "ada", "text"), utcOffset: 0, room: "#dev") == "[22:13:20] #dev <ada> text")
        #expect(LineFormatter.line(for: entry(.notice, "carol joined (tcp)"), utcOffset: 0, room: "#dev") == "[22:13:20] #dev -!- carol joined (tcp)")
        #expect(LineFormatter.line(for: entry(.message, nick: "ada", "text"), utcOffset: 0, room: "#d\u{1B}v") == "[22:13:20] #d␛v <ada> text")
    }

    @Test(arguments: [(3600, "23:13:20"), (-23 * 3600, "23:13:20"), (2 * 3600, "00:13:20"), (-(22 * 3600 + 14 * 60), "23:59:20")])
    func appliesTheLocalOffset(offset: Int, expected: String) {
        #expect(LineFormatter.clock(time, utcOffset: offset) == expected)
    }

    @Test func hostileTextCannotControlTheTerminal() {
        let hostile = "evil\u{1B}[2J\u{1B}]0;pwned\u{07}\r\nline2\u{202E}txt\u{9B}31m"
        let line = LineFormatter.line(for: entry(.message, nick: "bad\u{1B}nick", hostile), utcOffset: 0) ?? ""
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) })
        #expect(!line.unicodeScalars.contains { $0.value == 0x202E })
        #expect(line.contains("⏎line2"))
        #expect(line.hasPrefix("[22:13:20] <bad␛nick> evil␛[2J"))
    }
}
