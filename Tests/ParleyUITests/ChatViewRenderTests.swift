import ParleyClientCore
import Testing
@testable import ParleyUI

/// Whole screens, asserted as ASCII art.
struct ChatViewRenderTests {
    let conversation: [ScrollbackEntry] = [
        Fixtures.notice(1, "connected to 127.0.0.1:7000"),
        Fixtures.message(2, "bob", "hi alice", mention: true),
        Fixtures.message(3, "alice", "hello bob", delivery: .delivered),
        ScrollbackEntry(sequence: 4, time: Fixtures.morning, kind: .action, nick: "carol", text: "waves"),
    ]

    func screen(_ view: ChatView, _ entries: [ScrollbackEntry], status: StatusInfo = Fixtures.status) -> String {
        view.render(entries: entries, status: status).asciiArt
    }

    @Test func fortyByEight() {
        var view = ChatView(rows: 8, columns: 40)
        view.type("typing…")
        let grid = view.render(entries: conversation, status: Fixtures.status)
        #expect(
            grid.asciiArt == """
                ──────────── Tue 2024-05-14 ────────────
                09:30 -- connected to 127.0.0.1:7000
                09:30 <bob> hi alice
                09:30 <alice> hello bob ✓
                09:30 * carol waves

                 alice │ TCP │ connected │ 3 here
                > typing…
                """)
        #expect(grid.cursor == ScreenPosition(row: 7, column: 9))
        #expect(grid[6, 39].style == .statusBar)
    }

    @Test func smallestSupportedSizeTwentyByFive() {
        var view = ChatView(rows: 5, columns: 20)
        view.type("a long line that scrolls sideways")
        #expect(
            screen(view, conversation) == """
                09:30 <alice> hello
                          bob ✓
                09:30 * carol waves
                 alice │ connected
                «  scrolls sideways
                """)
    }

    @Test func wrapsWithHangingIndentAndCJK() {
        let entries = [
            Fixtures.message(1, "bob", "这是一条很长的中文消息，用来测试折行"),
            Fixtures.message(2, "dave", "emoji 😀😀 and e\u{301}tude"),
        ]
        let view = ChatView(rows: 9, columns: 24)
        #expect(
            screen(view, entries) == """
                ──── Tue 2024-05-14 ────
                09:30 <bob> 这是一条很长
                            的中文消息，
                            用来测试折行
                09:30 <dave> emoji 😀😀
                            and e\u{301}tude

                 alice │ connected
                >
                """)
    }

    @Test func newMessagesMarkerWhileScrolledUp() {
        var entries = Fixtures.numbered(20)
        var view = ChatView(rows: 7, columns: 30)
        view.press(.pageUp, entries: entries)
        entries += Fixtures.numbered(2, first: 21)
        #expect(
            screen(view, entries) == """
                09:30 <bob> line 13
                09:30 <bob> line 14
                09:30 <bob> line 15
                09:30 <bob> line 16
                ──── 2 new messages · End ────
                 connected │ scrolled ↑6
                >
                """)
        view.press(.end, entries: entries)
        #expect(screen(view, entries).contains("line 22"))
        #expect(!screen(view, entries).contains("new messages"))
    }

    @Test func windowListAndUnreadMarker() {
        var view = ChatView(rows: 8, columns: 60)
        view.show(.room("#dev"), unreadAfter: 2)
        var status = Fixtures.status
        status.windows = [
            WindowSummary(number: 1, title: "#lobby", activity: .joinPart),
            WindowSummary(number: 2, title: "#dev", isCurrent: true),
            WindowSummary(number: 3, title: "@bob", activity: .privateMessage, unreadCount: 1),
        ]
        let entries = [
            Fixtures.message(1, "carol", "before you left"),
            Fixtures.message(2, "alice", "back soon", delivery: .delivered),
            Fixtures.message(3, "carol", "while you were away", minutes: 5),
            Fixtures.message(4, "dave", "me too", minutes: 6),
        ]
        #expect(
            screen(view, entries, status: status) == """
                ────────────────────── Tue 2024-05-14 ──────────────────────
                09:30 <carol> before you left
                09:30 <alice> back soon ✓
                ────────────────────────── unread ──────────────────────────
                09:35 <carol> while you were away
                09:36 <dave> me too
                 alice │ connected │ 3 here │ 1:#lobby~ [2:#dev] 3:@bob(1)!
                >
                """)
    }

    @Test func theWindowListFitsANarrowScreen() {
        var status = Fixtures.status
        status.windows = (1...12).map { WindowSummary(number: $0, title: "#room\($0)", isCurrent: $0 == 4) }
        status.windows[8].activity = .mention
        status.windows[8].unreadCount = 2
        let view = ChatView(rows: 5, columns: 30)
        #expect(
            screen(view, [], status: status) == """



                 connected │ [4] 9(2)!!
                >
                """)
    }

    @Test func pastePromptReplacesTheInputLine() {
        var view = ChatView(rows: 5, columns: 30)
        view.press(.paste((1...7).map { "l\($0)" }.joined(separator: "\n")))
        let grid = view.render(entries: [], status: Fixtures.status)
        #expect(grid.lines.last == "Send 7 pasted lines? [y/N]")
        #expect(grid.cursor == ScreenPosition(row: 4, column: 27))
    }

    @Test func hostileTextIsShownHarmlessly() {
        let entries = [Fixtures.message(1, "mallory", "\u{1B}[31mred\u{1B}[0m\u{07}")]
        let art = screen(ChatView(rows: 5, columns: 40), entries)
        #expect(art.contains("<mallory> ␛[31mred␛[0m␇"))
        #expect(!art.unicodeScalars.contains("\u{1B}"))
    }

    @Test(arguments: [(5, 20), (6, 33), (24, 80), (3, 20), (2, 10), (1, 5), (0, 0), (5, 1)])
    func everySizeRendersInsideTheGrid(rows: Int, columns: Int) {
        var view = ChatView(rows: rows, columns: columns)
        view.type("中文 input that is long enough to scroll 😀")
        let grid = view.render(entries: conversation + Fixtures.numbered(30, first: 5), status: Fixtures.status)
        #expect(grid.rows == max(rows, 0))
        #expect(grid.lines.count == max(rows, 0))
        if let cursor = grid.cursor {
            #expect(grid.contains(row: cursor.row, column: cursor.column))
        }
    }

    @Test func reflowsAfterResize() {
        var view = ChatView(rows: 6, columns: 40)
        let entries = [Fixtures.message(1, "bob", "the quick brown fox jumps over the lazy dog")]
        #expect(screen(view, entries).split(separator: "\n")[1] == "09:30 <bob> the quick brown fox jumps")
        view.resize(rows: 9, columns: 20)
        #expect(
            screen(view, entries) == """
                ── Tue 2024-05-14 ──
                09:30 <bob> the
                          quick
                          brown fox
                          jumps over
                          the lazy
                          dog
                 alice │ connected
                >
                """)
    }
}
