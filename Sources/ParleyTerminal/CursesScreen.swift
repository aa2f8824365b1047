import CNcurses
import Glibc
import ParleyUI

/// The one place Parley talks to ncurses: it sets the terminal up, draws a `Grid`, reads
/// keys, follows size changes and puts the terminal back.
///
/// ncurses is not thread-safe and keeps global state, so the class is `@MainActor`: every
/// curses call happens on the main thread. Drawing puts every row that differs from the
/// last grid drawn into `stdscr`; ncurses sends only the cells that changed.
@MainActor
public final class CursesScreen {
    /// Sent to enable bracketed paste: the terminal wraps pasted text in ESC[200~ ... ESC[201~.
    static let bracketedPasteOn = "\u{1B}[?2004h"
    /// Sent to disable bracketed paste.
    static let bracketedPasteOff = "\u{1B}[?2004l"
    /// The most inputs read in one call, so a flood cannot starve everything else.
    static let maximumInputsPerRead = 200_000
    /// The mouse events Parley asks for: the wheel only.
    static let wheelEvents = PARLEY_BUTTON4_PRESSED | PARLEY_BUTTON5_PRESSED

    private var screen: OpaquePointer?
    private let outputFile: UnsafeMutablePointer<FILE>
    private let inputFile: UnsafeMutablePointer<FILE>
    private let ownsFiles: Bool
    var colorPairs: [ColorKey: Int16] = [:]
    private(set) var usesColor = false
    private var usesMouse = false
    private var pasteEnabled = false
    /// The terminal was handed back for a while (Ctrl-Z) and curses is out of it until `resume()`.
    public private(set) var isSuspended = false
    /// What the last `draw` put into `stdscr` (nil when it must be drawn whole again).
    private var shown: Grid?
    /// Extended keys ncurses decodes for this terminal (Alt-Left...), by their run-time codes.
    private var extendedKeys: [Int32: Key] = [:]

    /// The size ncurses currently lays out for.
    public private(set) var rows: Int
    /// The size ncurses currently lays out for.
    public private(set) var columns: Int

    /// Opens the process's terminal (standard input and output).
    ///
    /// Call `setlocale(LC_ALL, "")` (or `TerminalLocale.prepare()`) first so wide characters
    /// work. Also arranges for the terminal to be restored if the process dies of a fatal
    /// signal or calls `exit` without closing the screen.
    ///
    /// - Parameter mouse: ask the terminal to report the mouse wheel. Off by default: while a
    ///   terminal reports the mouse, the user cannot select and copy text with it.
    public static func openStandardStreams(mouse: Bool = false) throws(TerminalError) -> CursesScreen {
        _ = parley_install_fatal_signal_restore()
        _ = parley_install_exit_restore()
        guard let output = fdopen(STDOUT_FILENO, "w") else { throw .cannotOpenStream("standard output") }
        guard let input = fdopen(STDIN_FILENO, "r") else { throw .cannotOpenStream("standard input") }
        return try CursesScreen(terminalType: nil, input: input, output: output, ownsFiles: false, mouse: mouse)
    }

    /// Sets up curses on the given streams.
    ///
    /// - Parameters:
    ///   - terminalType: a terminfo name, or nil for `$TERM`.
    ///   - ownsFiles: close the streams in `close()` (tests pass their own pipe and /dev/null).
    ///   - mouse: ask the terminal to report the mouse wheel (which stops it selecting text).
    /// - Throws: `TerminalError.cannotInitialize` if ncurses refuses the terminal type.
    public init(
        terminalType: String?, input: UnsafeMutablePointer<FILE>, output: UnsafeMutablePointer<FILE>,
        ownsFiles: Bool, mouse: Bool = false
    ) throws(TerminalError) {
        self.inputFile = input
        self.outputFile = output
        self.ownsFiles = ownsFiles
        let created: OpaquePointer?
        if let terminalType {
            created = terminalType.withCString { newterm($0, output, input) }
        } else {
            created = newterm(nil, output, input)
        }
        guard let created else {
            let name = terminalType ?? (getenv("TERM").map { String(cString: $0) } ?? "")
            throw .cannotInitialize(terminal: name)
        }
        screen = created
        set_term(created)
        raw()
        noecho()
        nonl()
        let window = parley_stdscr()
        keypad(window, true)
        nodelay(window, true)
        meta(window, true)
        scrollok(window, false)
        set_escdelay(25)
        curs_set(1)
        if has_colors() {
            start_color()
            use_default_colors()
            usesColor = true
        }
        if mouse {
            mouseinterval(0)
            usesMouse = mousemask(Self.wheelEvents, nil) != 0
        }
        rows = Int(parley_lines())
        columns = Int(parley_cols())
        extendedKeys = FunctionKeys.extendedKeys()
        parley_set_terminal_active(1)
    }

    /// Whether curses still owns the terminal.
    public var isOpen: Bool { screen != nil }

    /// Asks the terminal to mark pastes (bracketed paste mode).
    public func enableBracketedPaste() {
        guard isOpen, !isSuspended, !pasteEnabled else { return }
        pasteEnabled = true
        writeRaw(Self.bracketedPasteOn)
    }

    /// Sends `sequence` to the terminal after everything ncurses has queued.
    private func writeRaw(_ sequence: String) {
        _ = doupdate()
        fputs(sequence, outputFile)
        fflush(outputFile)
    }

    /// Gives the terminal back: bracketed paste and mouse reporting off, the normal screen and
    /// the saved modes restored (echo, canonical input). Safe to call more than once.
    public func close() {
        guard let current = screen else { return }
        if !isSuspended { leaveTerminal() }
        isSuspended = false
        delscreen(current)
        screen = nil
        shown = nil
        if ownsFiles {
            fclose(inputFile)
            fclose(outputFile)
        } else {
            fflush(outputFile)
        }
    }

    /// Hands the terminal back to the shell for a while (Ctrl-Z), exactly as `close()` leaves
    /// it: bracketed paste and mouse reporting off, the normal screen, the saved modes. Curses
    /// keeps its state; until `resume()` nothing is drawn or read. Returns whether the screen
    /// was open and running.
    @discardableResult
    public func suspend() -> Bool {
        guard isOpen, !isSuspended else { return false }
        leaveTerminal()
        isSuspended = true
        return true
    }

    /// Takes the terminal again after the process was continued: program modes (raw input, no
    /// echo, keypad), the alternate screen, and mouse reporting and bracketed paste if they were
    /// on. Also after a stop that did not go through `suspend()` (SIGSTOP): the shell set its
    /// own modes meanwhile, so the program modes are put back. The next `draw` repaints
    /// everything; call `resize` first if the terminal may have changed size.
    public func resume() {
        guard isOpen else { return }
        if isSuspended {
            isSuspended = false
            // The first doupdate() after endwin() re-enters curses mode (ncurses' "coming back
            // from shell mode": program modes, alternate screen, keypad transmit).
            _ = doupdate()
            parley_set_terminal_active(1)
            if usesMouse { _ = mousemask(Self.wheelEvents, nil) }
        } else {
            _ = reset_prog_mode()
        }
        if pasteEnabled { writeRaw(Self.bracketedPasteOn) }
        _ = clearok(parley_curscr(), true)
        shown = nil
    }

    /// Turns off what Parley turned on and ends curses mode (endwin), keeping the screen.
    private func leaveTerminal() {
        if pasteEnabled { writeRaw(Self.bracketedPasteOff) }
        if usesMouse { _ = mousemask(0, nil) }
        _ = endwin()
        parley_set_terminal_active(0)
        fflush(outputFile)
    }

    /// Makes ncurses lay out for `rows` × `columns` (after SIGWINCH, or in tests); returns
    /// whether the size changed. The next `draw` repaints everything.
    @discardableResult
    public func resize(rows newRows: Int, columns newColumns: Int) -> Bool {
        guard isOpen, !isSuspended, newRows > 0, newColumns > 0 else { return false }
        let changed = newRows != rows || newColumns != columns
        if is_term_resized(Int32(newRows), Int32(newColumns)) {
            _ = resizeterm(Int32(newRows), Int32(newColumns))
        }
        rows = Int(parley_lines())
        columns = Int(parley_cols())
        _ = clearok(parley_curscr(), true)
        shown = nil
        return changed
    }

    /// The terminal's real size, asked of the kernel, if it can tell.
    public static func terminalSize(of fileDescriptor: Int32 = STDOUT_FILENO) -> (rows: Int, columns: Int)? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard parley_terminal_size(fileDescriptor, &rows, &columns) == 0, rows > 0, columns > 0 else { return nil }
        return (Int(rows), Int(columns))
    }

    /// Rings the terminal bell.
    public func beep() {
        guard isOpen, !isSuspended else { return }
        _ = CNcurses.beep()
    }

    /// Draws `grid` and puts the cursor where it says; with `fullRepaint` the terminal is
    /// cleared and everything is sent again (Ctrl-L, after a resize).
    ///
    /// Rows equal to the ones drawn last time are left alone (ncurses still holds them), so
    /// a frame that changes only the input line costs one row, not the whole screen.
    public func draw(_ grid: Grid, fullRepaint: Bool = false) {
        guard isOpen, !isSuspended else { return }
        let window = parley_stdscr()
        if fullRepaint { _ = clearok(parley_curscr(), true) }
        let height = min(grid.rows, rows)
        let width = min(grid.columns, columns)
        var previous = fullRepaint ? nil : shown
        if height < rows || width < columns {
            _ = werase(window)
            previous = nil
        }
        if let last = previous, last.rows != grid.rows || last.columns != grid.columns { previous = nil }
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(width * 2 + 1)
        for y in 0..<height {
            if let previous, grid.row(y, equals: previous) { continue }
            let cells = grid.cells(ofRow: y)
            let base = cells.startIndex
            var x = 0
            while x < width {
                let cell = cells[base + x]
                guard let first = cell.grapheme else {
                    x += 1
                    continue
                }
                let style = cell.style
                let start = x
                buffer.removeAll(keepingCapacity: true)
                Self.append(first, to: &buffer)
                x += max(cell.width, 1)
                while x < width {
                    let next = cells[base + x]
                    guard let grapheme = next.grapheme, next.style == style, x + next.width <= width else { break }
                    Self.append(grapheme, to: &buffer)
                    x += max(next.width, 1)
                }
                apply(style, to: window)
                buffer.append(0)
                // Writing the bottom-right cell returns ERR although the cell is drawn.
                _ = buffer.withUnsafeBufferPointer { mvwaddnwstr(window, Int32(y), Int32(start), $0.baseAddress, -1) }
            }
        }
        shown = grid
        _ = wattr_set(window, PARLEY_A_NORMAL, 0, nil)
        if let cursor = grid.cursor, cursor.row < rows, cursor.column < columns {
            _ = wmove(window, Int32(cursor.row), Int32(cursor.column))
            curs_set(1)
        } else {
            curs_set(0)
        }
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Reads every key ncurses has, without waiting: scalars as typed, function keys
    /// already decoded, wheel turns as `.wheelUp`/`.wheelDown`.
    public func readInputs() -> [KeyDecoder.Input] {
        guard isOpen, !isSuspended else { return [] }
        let window = parley_stdscr()
        var inputs: [KeyDecoder.Input] = []
        var character: wint_t = 0
        while inputs.count < Self.maximumInputsPerRead {
            let result = wget_wch(window, &character)
            if result == OK {
                if let scalar = Unicode.Scalar(UInt32(character)) { inputs.append(.scalar(scalar)) }
            } else if result == KEY_CODE_YES {
                let code = Int32(bitPattern: character)
                if code == KEY_MOUSE {
                    let buttons = parley_mouse_buttons()
                    if buttons & PARLEY_BUTTON4_PRESSED != 0 { inputs.append(.key(.wheelUp)) }
                    if buttons & PARLEY_BUTTON5_PRESSED != 0 { inputs.append(.key(.wheelDown)) }
                } else if let key = FunctionKeys.key(for: code) ?? extendedKeys[code] {
                    inputs.append(.key(key))
                }
            } else {
                break
            }
        }
        return inputs
    }

    private static func append(_ grapheme: Character, to buffer: inout [wchar_t]) {
        for scalar in grapheme.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
    }
}
