import ParleyClientCore
import Testing
@testable import ParleyUI

struct EntryFormatterTests {
    let formatter = EntryFormatter(width: 30, metrics: .table)

    func texts(_ entry: ScrollbackEntry, after previous: ScrollbackEntry? = nil) -> [String] {
        formatter.rows(for: entry, after: previous).map(\.text)
    }

    @Test func oldestLineGetsADaySeparator() {
        let rows = texts(Fixtures.message(1, "bob", "hi"))
        #expect(rows == ["─────── Tue 2024-05-14 ───────", "09:30 <bob> hi"])
    }

    @Test func separatorOnlyWhenTheDateChanges() {
        let first = Fixtures.message(1, "bob", "hi")
        let sameDay = Fixtures.message(2, "bob", "again", minutes: 5)
        #expect(texts(sameDay, after: first) == ["09:35 <bob> again"])
        let tomorrow = Fixtures.notice(3, "carol joined", time: Fixtures.nextDay)
        #expect(texts(tomorrow, after: sameDay) == ["─────── Wed 2024-05-15 ───────", "00:05 -- carol joined"])
    }

    @Test func theUnreadMarkerComesAfterTheLastLineSeen() {
        let seen = Fixtures.message(1, "bob", "seen")
        let new = Fixtures.message(2, "bob", "new", minutes: 1)
        let newer = Fixtures.message(3, "bob", "newer", minutes: 2)
        var marked = formatter
        marked.unreadAfter = 1
        #expect(marked.rows(for: new, after: seen).map(\.text) == ["─────────── unread ───────────", "09:31 <bob> new"])
        #expect(marked.rows(for: new, after: seen).first?.glyphs.first?.style == EntryFormatter.unreadStyle)
        #expect(marked.rows(for: newer, after: new).map(\.text) == ["09:32 <bob> newer"])
        #expect(texts(new, after: seen) == ["09:31 <bob> new"])
    }

    @Test func theUnreadMarkerComesBeforeADaySeparator() {
        var marked = formatter
        marked.unreadAfter = 1
        let tomorrow = Fixtures.notice(2, "carol joined", time: Fixtures.nextDay)
        #expect(marked.rows(for: tomorrow, after: Fixtures.message(1, "bob", "seen")).map(\.text) == [
            "─────────── unread ───────────", "─────── Wed 2024-05-15 ───────", "00:05 -- carol joined",
        ])
    }

    @Test func actionsPrivateMessagesAndErrors() {
        let previous = Fixtures.message(1, "x", "")
        let action = ScrollbackEntry(sequence: 2, time: Fixtures.morning, kind: .action, nick: "bob", text: "waves")
        #expect(texts(action, after: previous) == ["09:30 * bob waves"])
        let direct = ScrollbackEntry(
            sequence: 3, time: Fixtures.morning, kind: .privateMessage(to: "alice"), nick: "bob", text: "psst")
        #expect(texts(direct, after: previous) == ["09:30 [bob → alice] psst"])
        let directAction = ScrollbackEntry(
            sequence: 5, time: Fixtures.morning, kind: .privateAction(to: "alice"), nick: "bob", text: "waves")
        #expect(texts(directAction, after: previous) == ["09:30 [* bob → alice] waves"])
        let error = ScrollbackEntry(sequence: 4, time: Fixtures.morning, kind: .error, text: "no such nick")
        #expect(texts(error, after: previous) == ["09:30 !! no such nick"])
    }

    @Test func deliveryMarks() {
        let previous = Fixtures.message(1, "x", "")
        #expect(texts(Fixtures.message(2, "alice", "hi", delivery: .pending), after: previous) == ["09:30 <alice> hi ·"])
        #expect(texts(Fixtures.message(2, "alice", "hi", delivery: .delivered), after: previous) == ["09:30 <alice> hi ✓"])
        #expect(
            texts(Fixtures.message(2, "alice", "hi", delivery: .failed(reason: "rate limited")), after: previous) == [
                "09:30 <alice> hi ✗ rate", "              limited",
            ])
    }

    @Test func noticesAreDimAndErrorsRed() {
        let notice = formatter.line(for: Fixtures.notice(1, "bob left"))
        #expect(notice.glyphs.last?.style == .dim)
        let error = formatter.line(for: ScrollbackEntry(sequence: 1, time: 0, kind: .error, text: "x"))
        #expect(error.glyphs.last?.style == .error)
    }

    @Test func nickIsColouredByItsHash() {
        let line = formatter.line(for: Fixtures.message(1, "carol", "hi"))
        let nickGlyph = line.glyphs[7]  // "09:30 <" is 7 glyphs
        #expect(nickGlyph.grapheme == "c")
        #expect(nickGlyph.style == NickColors.style(for: "carol"))
    }

    @Test func mentionsAreHighlighted() {
        let line = formatter.line(for: Fixtures.message(1, "bob", "hey alice", mention: true))
        #expect(line.glyphs.last?.style == .mention)
        #expect(line.glyphs[7].style.isReverse)
    }

    @Test func networkTextIsSanitizedBeforeDrawing() {
        let hostile = Fixtures.message(2, "bob", "\u{1B}[2J\u{1B}]0;pwned\u{07}\u{202E}evil\u{85}")
        let rows = texts(hostile, after: Fixtures.message(1, "x", ""))
        let drawn = rows.joined()
        #expect(!drawn.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!drawn.unicodeScalars.contains("\u{202E}"))
        #expect(drawn.contains("␛[2J"))
    }

    @Test func multiLineMessagesHangUnderTheText() {
        let entry = Fixtures.message(2, "bob", "line one\nline two")
        #expect(texts(entry, after: Fixtures.message(1, "x", "")) == ["09:30 <bob> line one", "            line two"])
    }

    @Test func respectsTheUTCOffset() {
        let tokyo = EntryFormatter(width: 30, metrics: .table, utcOffsetSeconds: 9 * 3600)
        let rows = tokyo.rows(for: Fixtures.message(1, "bob", "hi"), after: nil).map(\.text)
        #expect(rows.last == "18:30 <bob> hi")
    }
}
