import ParleyClientCore
import Testing
@testable import ParleyUI

struct WindowListBarTests {
    let windows = [
        WindowSummary(number: 1, title: "#lobby"),
        WindowSummary(number: 2, title: "#development", isCurrent: true),
        WindowSummary(number: 3, title: "@bob", activity: .privateMessage, unreadCount: 1),
        WindowSummary(number: 4, title: "#ops", activity: .joinPart),
        WindowSummary(number: 5, title: "#qa", activity: .mention, unreadCount: 12),
        WindowSummary(number: 6, title: "#chat", activity: .message, unreadCount: 120),
    ]

    func text(_ compaction: WindowListBar.Compaction) -> String {
        String(WindowListBar.glyphs(for: windows, compaction: compaction, base: .statusBar, metrics: .table).map(\.grapheme))
    }

    @Test func marksEachActivityLevelAndBracketsTheWindowOnScreen() {
        #expect(text(.full) == "1:#lobby [2:#development] 3:@bob(1)! 4:#ops~ 5:#qa(12)!! 6:#chat(99+)")
    }

    @Test func compactsStepByStep() {
        #expect(text(.shortTitles) == "1:#lobby [2:#develo…] 3:@bob(1)! 4:#ops~ 5:#qa(12)!! 6:#chat(99+)")
        #expect(text(.numbers) == "1 [2] 3(1)! 4~ 5(12)!! 6(99+)")
        #expect(text(.busy) == "[2] 3(1)! 4~ 5(12)!! 6(99+)")
        #expect(text(.current) == "[2]")
    }

    @Test func colorsSayHowImportantTheNewsIs() {
        let base = CellStyle.statusBar
        #expect(WindowListBar.style(for: windows[0], base: base) == base)
        #expect(WindowListBar.style(for: windows[1], base: base) == base.bolded.with(foreground: .cyan))
        #expect(WindowListBar.style(for: windows[2], base: base) == base.bolded.with(foreground: .magenta))
        #expect(WindowListBar.style(for: windows[3], base: base) == base)
        #expect(WindowListBar.style(for: windows[4], base: base) == base.bolded.with(foreground: .yellow))
        #expect(WindowListBar.style(for: windows[5], base: base) == base.bolded)
    }

    @Test func titlesFromTheNetworkAreSanitized() {
        let hostile = [WindowSummary(number: 1, title: "@b\u{1B}[2Jad", isCurrent: true)]
        let shown = String(WindowListBar.glyphs(for: hostile, compaction: .full, base: .statusBar, metrics: .table).map(\.grapheme))
        #expect(shown == "[1:@b␛[2Jad]")
    }

    @Test func noWindowsNoGlyphs() {
        #expect(WindowListBar.glyphs(for: [], compaction: .full, base: .statusBar, metrics: .table).isEmpty)
    }
}
