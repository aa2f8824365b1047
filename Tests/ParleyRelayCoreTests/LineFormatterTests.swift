import ParleyWire
import Testing

@testable import ParleyRelayCore

@Suite struct LineFormatterTests {
    let formatter = LineFormatter(utcOffsetSeconds: 0)
    // 2023-11-14 22:13:20 UTC
    let time: UInt64 = 1_700_000_000_000

    @Test func chatAndActionLines() {
        #expect(formatter.text(for: .chat(Chat(id: 1, time: time, from: "ada", text: "hi"))) == "[22:13] <ada> hi\n")
        #expect(formatter.text(for: .chat(Chat(id: 1, time: time, kind: .action, from: "ada", text: "waves"))) == "[22:13] * ada waves\n")
        #expect(formatter.text(for: .chat(Chat(id: 1, time: time, from: "ada", to: .user("bob"), text: "psst"))) == "[22:13] <ada → bob> psst\n")
    }

    @Test func plainASCIITakesTheShortPathAndMatchesTheGeneralOne() {
        #expect(LineFormatter.isPlain("hello, world ~"))
        #expect(!LineFormatter.isPlain("tab\there"))
        #expect(!LineFormatter.isPlain("del\u{7F}"))
        #expect(!LineFormatter.isPlain("café"))
        let hawaii = LineFormatter(utcOffsetSeconds: -10 * 3600)
        let long = String(repeating: "x", count: 500)
        #expect(hawaii.text(for: .chat(Chat(id: 1, time: time, from: "a", text: "b"))) == "[12:13] <a> b\n")
        #expect(formatter.text(for: .chat(Chat(id: 1, time: time, from: "ada", text: long))) == "[22:13] <ada> \(long)\n")
        // Not plain: sanitized by the general path.
        #expect(formatter.text(for: .chat(Chat(id: 1, time: time, from: "ada", text: "a\tb"))) == "[22:13] <ada> a    b\n")
    }

    @Test func timeZoneOffsetIsApplied() {
        let tokyo = LineFormatter(utcOffsetSeconds: 9 * 3600)
        #expect(tokyo.clock(time) == "[07:13]")
        let hawaii = LineFormatter(utcOffsetSeconds: -10 * 3600)
        #expect(hawaii.clock(time) == "[12:13]")
    }

    @Test func escapeSequencesAndControlsNeverReachALineClient() {
        let evil = Chat(id: 1, time: time, from: "ada", text: "\u{1B}[2J\u{1B}]0;pwned\u{07}\r\u{202E}x")
        let line = formatter.text(for: .chat(evil)) ?? ""
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!line.unicodeScalars.contains { $0.value == 0x202E })
        #expect(line.hasSuffix("\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let notice = formatter.text(for: .left(Left(nick: "ada", reason: .quit, detail: "\u{1B}[31mred", time: time))) ?? ""
        #expect(!notice.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func multiLineTextIsIndented() {
        let chat = Chat(id: 1, time: time, from: "ada", text: "one\ntwo")
        #expect(formatter.text(for: .chat(chat)) == "[22:13] <ada> one\n    two\n")
        #expect(formatter.text(for: .notice("a\nb")) == "* a\n* b\n")
    }

    @Test func noticesForEvents() {
        #expect(formatter.text(for: .joined(Joined(nick: "ada", transport: .udp, time: time))) == "* ada joined (udp)\n")
        #expect(formatter.text(for: .left(Left(nick: "ada", reason: .slowConsumer, time: time))) == "* ada left (slow consumer)\n")
        #expect(formatter.text(for: .left(Left(nick: "ada", reason: .quit, detail: "bye", time: time))) == "* ada left (quit: bye)\n")
        #expect(formatter.text(for: .renamed(Renamed(old: "a", new: "b", time: time))) == "* a is now known as b\n")
        #expect(formatter.text(for: .error(ErrorReport(code: .rateLimited, text: "slow down"))) == "* error: slow down\n")
        let roster = Roster(entries: [RosterEntry(nick: "zed", transport: .tcp), RosterEntry(nick: "Ada", transport: .line)])
        #expect(formatter.text(for: .roster(roster)) == "* in #lobby: Ada (line), zed (tcp)\n")
    }

    @Test func framesALineClientNeverSees() {
        #expect(formatter.text(for: .ping(1)) == nil)
        #expect(formatter.text(for: .pong(1)) == nil)
    }
}
