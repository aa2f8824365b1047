import CNcurses
import Glibc
import ParleyClientCore
import ParleyUI
import Testing
@testable import ParleyTerminal

/// Real ncurses, headless. ncurses state is global, so every test that opens a screen is in
/// this one serialized suite on the main actor.
@Suite(.serialized)
@MainActor
struct CursesScreenTests {
    @Test func decodesChineseTypedAsUTF8() throws {
        let terminal = try HeadlessTerminal()
        defer { terminal.close() }
        terminal.send("你好 abc")
        #expect(terminal.keys() == "你好 abc".unicodeScalars.map { Key.character($0) })
    }

    @Test func decodesFunctionKeys() throws {
        let terminal = try HeadlessTerminal()
        defer { terminal.close() }
        terminal.send("\u{1B}[5~")
        #expect(terminal.keys() == [.pageUp])
        terminal.send("\u{1B}[6~\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD")
        #expect(terminal.keys() == [.pageDown, .up, .down, .right, .left])
        terminal.send("\u{1B}[A\u{1B}[D\u{1B}[H\u{1B}[F\u{1B}[3~")
        #expect(terminal.keys() == [.up, .left, .home, .end, .delete])
    }

    @Test func decodesEditingKeys() throws {
        let terminal = try HeadlessTerminal()
        defer { terminal.close() }
        terminal.send("\u{7F}\u{08}\r\t\u{01}\u{05}\u{0B}\u{15}\u{17}\u{0C}\u{03}")
        #expect(
            terminal.keys() == [
                .backspace, .backspace, .enter, .tab, .control("a"), .control("e"), .control("k"), .control("u"),
                .control("w"), .control("l"), .control("c"),
            ])
    }

    @Test func decodesAltAsEscapeThenKey() throws {
        let terminal = try HeadlessTerminal()
        defer { terminal.close() }
        terminal.send("\u{1B}b\u{1B}f")
        #expect(terminal.keys() == [.alt("b"), .alt("f")])
        terminal.send("\u{1B}")
        #expect(terminal.keys() == [.escape])
    }

    @Test func decodesTheWindowKeys() throws {
        let terminal = try HeadlessTerminal()
        defer { terminal.close() }
        // xterm's Alt-Left and Alt-Right: ncurses knows them as extended keys (kLFT3, kRIT3).
        terminal.send("\u{1B}[1;3D\u{1B}[1;3C")
        #expect(terminal.keys() == [.altLeft, .altRight])
        // Ctrl-Left and Ctrl-Right still move by word.
        terminal.send("\u{1B}[1;5D\u{1B}[1;5C")
        #expect(terminal.keys() == [.alt("b"), .alt("f")])
        terminal.send("\u{1B}1\u{1B}0\u{1B}a")
        #expect(terminal.keys() == [.alt("1"), .alt("0"), .alt("a")])
    }

    @Test func drawsTheWindowListInTheStatusBar() throws {
        let terminal = try HeadlessTerminal(rows: 5, columns: 64)
        defer { terminal.close() }
        let view = ChatView(rows: 5, columns: 64, metrics: .system)
        let windows = [
            WindowSummary(number: 1, title: "#lobby", activity: .mention, unreadCount: 2),
            WindowSummary(number: 2, title: "#开发", isCurrent: true),
        ]
        let status = StatusInfo(nick: "alice", relayAddress: "h:1", link: .connected, peersOnline: 2, windows: windows)
        terminal.screen.draw(view.render(entries: [], status: status))
        #expect(terminal.shownRow(3) == " alice │ TCP │ connected │ 2 here │ 1:#lobby(2)!! [2:#开发]")
    }

    @Test func decodesABracketedPaste() throws {
        let terminal = try HeadlessTerminal()
        defer { terminal.close() }
        terminal.send("\u{1B}[200~first line\r\n第二行\nthird\u{1B}[201~x")
        #expect(terminal.keys() == [.paste("first line\n第二行\nthird"), .character("x")])
    }

    @Test func drawsAWholeScreenWithWideCharacters() throws {
        let terminal = try HeadlessTerminal(rows: 6, columns: 24)
        defer { terminal.close() }
        var view = ChatView(rows: 6, columns: 24, metrics: .system)
        for scalar in "hi 你好".unicodeScalars { _ = view.handle(.character(scalar), entries: [], nicks: []) }
        let entries = [
            ScrollbackEntry(sequence: 1, time: 1_715_679_000_000, kind: .message, nick: "bob", text: "这是一条很长的中文消息"),
        ]
        let status = StatusInfo(nick: "alice", relayAddress: "127.0.0.1:7000", link: .connected)
        terminal.screen.draw(view.render(entries: entries, status: status))
        #expect(terminal.shownRow(0) == "──── Tue 2024-05-14 ────")
        #expect(terminal.shownRow(1) == "09:30 <bob> 这是一条很长")
        #expect(terminal.shownRow(2) == "            的中文消息")
        #expect(terminal.shownRow(4) == " alice │ TCP │ connected")
        #expect(terminal.shownRow(5) == "> hi 你好")
        let window = parley_stdscr()
        #expect(getcury(window) == 5)
        #expect(getcurx(window) == 9)
    }

    @Test func aFrameRedrawsOnlyTheRowsThatChanged() throws {
        let terminal = try HeadlessTerminal(rows: 5, columns: 20)
        defer { terminal.close() }
        var grid = Grid(rows: 5, columns: 20)
        grid.write(TextMetrics.system.glyphs(of: "first 你好", style: .plain), row: 0, column: 0)
        grid.write(TextMetrics.system.glyphs(of: "> ab", style: .bold), row: 4, column: 0)
        terminal.screen.draw(grid)
        // Scribble on a row behind the screen's back: an unchanged row is not drawn again...
        _ = "stale".withCString { mvwaddstr(parley_stdscr(), 0, 0, $0) }
        var next = grid
        next.write(TextMetrics.system.glyphs(of: "> abc", style: .bold), row: 4, column: 0)
        terminal.screen.draw(next)
        #expect(terminal.shownRow(0) == "stale 你好")
        #expect(terminal.shownRow(4) == "> abc")
        // ...a changed one is, and a full repaint draws every row.
        next.write(TextMetrics.system.glyphs(of: "second", style: .plain), row: 0, column: 0)
        terminal.screen.draw(next)
        #expect(terminal.shownRow(0) == "second你好")
        _ = "stale".withCString { mvwaddstr(parley_stdscr(), 0, 0, $0) }
        terminal.screen.draw(next, fullRepaint: true)
        #expect(terminal.shownRow(0) == "second你好")
    }

    @Test func redrawAfterShrinkingLeavesNoGarbage() throws {
        let terminal = try HeadlessTerminal(rows: 8, columns: 40)
        defer { terminal.close() }
        var view = ChatView(rows: 8, columns: 40, metrics: .system)
        let entries = (1...20).map {
            ScrollbackEntry(sequence: UInt64($0), time: 0, kind: .message, nick: "bob", text: "message number \($0) is here")
        }
        let status = StatusInfo(nick: "alice", relayAddress: "h:1", link: .connected)
        terminal.screen.draw(view.render(entries: entries, status: status))
        terminal.screen.resize(rows: 5, columns: 20)
        view.resize(rows: terminal.screen.rows, columns: terminal.screen.columns)
        terminal.screen.draw(view.render(entries: entries, status: status), fullRepaint: true)
        #expect(terminal.screen.rows == 5 && terminal.screen.columns == 20)
        #expect(terminal.shownRow(0) == "00:00 <bob> message")
        #expect(terminal.shownRow(1) == "          number 20")
        #expect(terminal.shownRow(2) == "          is here")
        #expect(terminal.shownRow(3) == " alice │ connected")
        #expect(terminal.shownRow(4) == ">")
    }

    @Test func resizeReportsAKeyThatChangesNothing() throws {
        let terminal = try HeadlessTerminal(rows: 10, columns: 40)
        defer { terminal.close() }
        #expect(terminal.screen.resize(rows: 12, columns: 50))
        // resizeterm queues KEY_RESIZE for the next read.
        #expect(terminal.keys() == [.resize])
        #expect(!terminal.screen.resize(rows: 12, columns: 50))
    }

    @Test func suspendGivesTheTerminalBackAsCloseWouldAndResumeTakesItAgain() throws {
        let terminal = try HeadlessTerminal(rows: 5, columns: 20, mouse: true)
        defer { terminal.close() }
        terminal.screen.enableBracketedPaste()
        var grid = Grid(rows: 5, columns: 20)
        grid.write(TextMetrics.system.glyphs(of: "before 你好", style: .plain), row: 0, column: 0)
        terminal.screen.draw(grid)
        let beforeSuspend = terminal.output().utf8.count

        #expect(terminal.screen.suspend())
        #expect(terminal.screen.isSuspended)
        let suspended = String(decoding: terminal.output().utf8.dropFirst(beforeSuspend), as: UTF8.self)
        #expect(suspended.contains("\u{1B}[?2004l"))  // bracketed paste off
        #expect(suspended.contains("\u{1B}[?1006;1000l"))  // mouse reporting off
        #expect(suspended.contains("\u{1B}[?1049l"))  // the normal screen
        #expect(!terminal.screen.suspend())  // once is enough

        // While suspended nothing is drawn or read; keys typed meanwhile wait.
        let whileSuspended = terminal.output().utf8.count
        terminal.screen.draw(grid, fullRepaint: true)
        terminal.screen.beep()
        terminal.send("x")
        #expect(terminal.screen.readInputs().isEmpty)
        #expect(terminal.output().utf8.count == whileSuspended)

        terminal.screen.resume()
        #expect(!terminal.screen.isSuspended)
        let resumed = String(decoding: terminal.output().utf8.dropFirst(whileSuspended), as: UTF8.self)
        #expect(resumed.contains("\u{1B}[?1049h"))  // the alternate screen again
        #expect(resumed.contains("\u{1B}[?2004h"))
        #expect(Self.mouseModesSet(in: resumed).contains(1000))
        #expect(terminal.keys() == [.character("x")])
        grid.write(TextMetrics.system.glyphs(of: "after", style: .plain), row: 1, column: 0)
        terminal.screen.draw(grid)
        #expect(terminal.shownRow(0) == "before 你好")
        #expect(terminal.shownRow(1) == "after")
    }

    @Test func closeWhileSuspendedLeavesTheTerminalOnce() throws {
        let terminal = try HeadlessTerminal(rows: 5, columns: 20)
        defer { terminal.close() }
        terminal.screen.enableBracketedPaste()
        terminal.screen.draw(Grid(rows: 5, columns: 20))
        terminal.screen.suspend()
        terminal.screen.close()
        #expect(!terminal.screen.isOpen)
        #expect(!terminal.screen.isSuspended)
        let output = terminal.output()
        #expect(output.split(separator: "\u{1B}[?2004l", omittingEmptySubsequences: false).count == 2)
        #expect(output.split(separator: "\u{1B}[?1049l", omittingEmptySubsequences: false).count == 2)
    }

    @Test func closeIsIdempotent() throws {
        let terminal = try HeadlessTerminal()
        terminal.close()
        terminal.screen.close()
        #expect(!terminal.screen.isOpen)
        #expect(terminal.screen.readInputs().isEmpty)
    }

    @Test func unknownTerminalTypeIsAnError() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let input = try #require(fdopen(ends[0], "r"))
        let output = try #require(fopen("/dev/null", "w"))
        defer {
            fclose(input)
            fclose(output)
            close(ends[1])
        }
        #expect(throws: TerminalError.cannotInitialize(terminal: "no-such-terminal-parley")) {
            _ = try CursesScreen(terminalType: "no-such-terminal-parley", input: input, output: output, ownsFiles: false)
        }
    }
}

/// The mouse wheel, decoded by ncurses from the terminal's SGR mouse reports; reporting is
/// asked for only when the user wants the wheel (`--mouse`).
@MainActor
extension CursesScreenTests {
    @Test func doesNotAskForMouseReportsByDefault() throws {
        let terminal = try HeadlessTerminal(rows: 5, columns: 20)
        defer { terminal.close() }
        var grid = Grid(rows: 5, columns: 20)
        grid.write(TextMetrics.system.glyphs(of: "hello", style: .plain), row: 0, column: 0)
        terminal.screen.draw(grid)
        terminal.screen.enableBracketedPaste()
        let output = terminal.output()
        #expect(output.contains("\u{1B}[?1049h"))  // it did talk to the terminal
        #expect(Self.mouseModesSet(in: output).isEmpty)
    }

    @Test func asksForMouseReportsWhenTheWheelIsWanted() throws {
        let terminal = try HeadlessTerminal(rows: 5, columns: 20, mouse: true)
        defer { terminal.close() }
        terminal.screen.draw(Grid(rows: 5, columns: 20))
        #expect(Self.mouseModesSet(in: terminal.output()).contains(1000))
    }

    /// The xterm mouse-tracking modes among the private modes `output` sets (`ESC [ ? n ; m h`).
    static func mouseModesSet(in output: String) -> Set<Int> {
        let mouseModes: Set<Int> = [9, 1000, 1001, 1002, 1003, 1005, 1006, 1015]
        var found: Set<Int> = []
        for piece in output.split(separator: "\u{1B}[?", omittingEmptySubsequences: false).dropFirst() {
            let parameters = piece.prefix { $0.isNumber || $0 == ";" }
            guard piece.dropFirst(parameters.count).first == "h" else { continue }
            for number in parameters.split(separator: ";").compactMap({ Int($0) }) where mouseModes.contains(number) {
                found.insert(number)
            }
        }
        return found
    }

    @Test func decodesTheMouseWheel() throws {
        _ = setlocale(LC_ALL, "C.UTF-8")
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let input = try #require(fdopen(ends[0], "r"))
        let output = try #require(fopen("/dev/null", "w"))
        let screen = try CursesScreen(terminalType: "xterm-256color", input: input, output: output, ownsFiles: true, mouse: true)
        defer {
            screen.close()
            close(ends[1])
        }
        screen.resize(rows: 10, columns: 40)
        _ = screen.readInputs()
        let report = Array("\u{1B}[<64;5;5M\u{1B}[<65;5;5M".utf8)
        _ = report.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        #expect(screen.readInputs() == [.key(.wheelUp), .key(.wheelDown)])
    }
}
