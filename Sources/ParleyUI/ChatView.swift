import ParleyClientCore
import ParleyWire

/// The whole terminal screen as a value: input line, history, completion, each window's scroll
/// position and a pending paste, plus the size it is laid out for.
///
/// The windows themselves (their scrollback, activity and unread marker) stay in the client core:
/// the shell says which one is on screen with `show(_:unreadAfter:)` and passes its entries in.
/// `handle(_:entries:nicks:)` applies a key and returns what the shell must do;
/// `render(entries:status:)` (in ChatView+Render.swift) computes the grid. The input line and
/// its history are shared by every window; the scroll position is each window's own.
public struct ChatView: Sendable {
    /// Pastes of more lines than this ask for confirmation before they are sent.
    public static let pasteConfirmationThreshold = 5
    /// The commands Tab completes.
    public static let defaultCommands = Command.slashNames

    /// The screen size this view is laid out for.
    public private(set) var layout: ScreenLayout
    /// How text is measured.
    public let metrics: TextMetrics
    /// Local time's offset from UTC in seconds, for timestamps and day separators.
    public var utcOffsetSeconds: Int
    /// The commands Tab completes.
    public var commands: [String]
    /// The line being typed.
    public private(set) var editor = LineEditor()
    /// Sent lines, for Up and Down (and Ctrl-P, Ctrl-N), whatever the window.
    public private(set) var history = InputHistory()
    /// The window on screen.
    public private(set) var window = WindowID.lobby
    /// Where the window on screen has its unread marker (see `EntryFormatter.unreadAfter`).
    public private(set) var unreadAfter: UInt64?
    /// Each window's scroll position; a window not in here follows its newest line.
    private var viewports: [WindowID: ScrollbackViewport] = [:]
    /// A multi-line paste waiting for "y" before it is sent.
    public private(set) var pendingPaste: String?
    private var completer = TabCompleter()

    /// The prompt before the input line.
    public static let prompt = "> "

    /// Creates a view for a screen `rows` × `columns`.
    public init(
        rows: Int, columns: Int, metrics: TextMetrics = .table, utcOffsetSeconds: Int = 0,
        commands: [String] = ChatView.defaultCommands
    ) {
        self.layout = ScreenLayout(rows: rows, columns: columns)
        self.metrics = metrics
        self.utcOffsetSeconds = utcOffsetSeconds
        self.commands = commands
    }

    /// Which part of the window on screen is shown.
    public var viewport: ScrollbackViewport { viewports[window] ?? ScrollbackViewport() }

    /// Puts `window` on screen, with its unread marker after the line `unreadAfter` (if any);
    /// it keeps the scroll position it had when last shown.
    public mutating func show(_ window: WindowID, unreadAfter: UInt64?) {
        self.window = window
        self.unreadAfter = unreadAfter
    }

    /// Forgets the scroll positions of windows that are no longer open.
    public mutating func keepWindows(_ open: Set<WindowID>) {
        viewports = viewports.filter { open.contains($0.key) }
    }

    /// Lays the screen out for a new size; returns whether the size changed.
    @discardableResult
    public mutating func resize(rows: Int, columns: Int) -> Bool {
        let new = ScreenLayout(rows: rows, columns: columns)
        guard new != layout else { return false }
        layout = new
        editor.scrollIntoView(width: inputWidth, metrics: metrics)
        return true
    }

    /// The formatter for the scrollback at the current width.
    public var formatter: EntryFormatter {
        EntryFormatter(width: layout.columns, metrics: metrics, utcOffsetSeconds: utcOffsetSeconds, unreadAfter: unreadAfter)
    }

    /// Cells available for the input text after the prompt.
    var inputWidth: Int { max(layout.columns - metrics.width(of: Self.prompt), 1) }

    /// Where the scroll view stands, for the status bar and the marker.
    public func scrollState<Entries: RandomAccessCollection<ScrollbackEntry>>(in entries: Entries) -> ScrollState {
        ScrollState(
            isFollowing: viewport.isFollowing,
            linesBelow: viewport.entriesBelow(in: entries),
            newMessages: viewport.newEntryCount(in: entries))
    }

    /// Rows of scrollback text, leaving one for the "new messages" marker when it shows.
    func textHeight<Entries: RandomAccessCollection<ScrollbackEntry>>(in entries: Entries) -> Int {
        let height = layout.scrollbackHeight
        return scrollState(in: entries).markerText != nil && height > 1 ? height - 1 : height
    }

    /// Applies one key. `entries` is the scrollback (for scrolling), `nicks` the roster
    /// (for Tab). Returns what the shell must do.
    ///
    /// Keys: Enter sends; Left/Right, Ctrl-B/F by grapheme; Alt-B/F by word; Home, Ctrl-A and
    /// Ctrl-E to the ends (End also returns the scrollback to the newest line); Backspace,
    /// Delete, Ctrl-D; Ctrl-U/K kill to the start/end, Ctrl-W and Alt-Backspace the word
    /// before, Alt-D the word after, Ctrl-Y yanks; Up/Down (Ctrl-P/N) recall history; Tab
    /// completes; PageUp/PageDown and the wheel scroll; Alt-1 … Alt-9 and Alt-0 select windows 1 …
    /// 10, Alt-← and Alt-→ the neighbours, Alt-A the one with the most important news; Ctrl-L
    /// redraws; Ctrl-Z suspends; Ctrl-C quits. A pasted single line is inserted; several lines are sent as one message,
    /// asking first (y/N) above `pasteConfirmationThreshold` lines (a suspension in between
    /// keeps the question).
    public mutating func handle<Entries: RandomAccessCollection<ScrollbackEntry>>(
        _ key: Key, entries: Entries, nicks: [String]
    ) -> [UIAction] {
        if key != .tab { completer.reset() }
        if let paste = pendingPaste {
            switch key {
            case .character("y"), .character("Y"):
                pendingPaste = nil
                return submit(paste)
            case .control("c"):
                return [.quit]
            case .resize, .wheelUp, .wheelDown, .pageUp, .pageDown, .control("l"), .control("z"):
                break
            default:
                pendingPaste = nil
                return []
            }
        }
        var actions: [UIAction] = []
        switch key {
        case .character(let scalar): editor.insert(scalar)
        case .enter:
            let text = editor.text
            if !text.allSatisfy(\.isWhitespace) {
                actions += submit(text)
            }
        case .tab: completer.complete(&editor, nicks: nicks, commands: commands)
        case .backspace, .control("h"): editor.deleteBackward()
        case .delete: editor.deleteForward()
        case .control("d"): editor.deleteForward()
        case .left, .control("b"): editor.moveLeft()
        case .right, .control("f"): editor.moveRight()
        case .home, .control("a"): editor.moveToStart()
        case .end:
            editor.moveToEnd()
            viewports[window] = nil
        case .control("e"): editor.moveToEnd()
        case .alt("b"), .alt("B"): editor.moveWordLeft()
        case .alt("f"), .alt("F"): editor.moveWordRight()
        case .alt("d"), .alt("D"): editor.killWordForward()
        case .control("u"): editor.killToStart()
        case .control("k"): editor.killToEnd()
        case .control("w"), .altBackspace: editor.killWordBackward()
        case .control("y"): editor.yank()
        case .up, .control("p"):
            if let line = history.older(current: editor.text) { editor.setText(line) }
        case .down, .control("n"):
            if let line = history.newer() { editor.setText(line) }
        case .pageUp: scroll(by: max(textHeight(in: entries) - 1, 1), entries: entries)
        case .pageDown: scroll(by: -max(textHeight(in: entries) - 1, 1), entries: entries)
        case .wheelUp: scroll(by: 3, entries: entries)
        case .wheelDown: scroll(by: -3, entries: entries)
        case .paste(let text): actions += paste(text)
        case .control("l"): actions.append(.redraw)
        case .control("z"): actions.append(.suspend)
        case .control("c"): actions.append(.quit)
        case .alt(let digit) where digit.isASCII && digit.isNumber:
            let number = digit == "0" ? 10 : digit.wholeNumberValue ?? 1
            actions.append(.selectWindow(.number(number)))
        case .alt("a"), .alt("A"): actions.append(.selectWindow(.activity))
        case .altLeft: actions.append(.selectWindow(.previous))
        case .altRight: actions.append(.selectWindow(.next))
        case .resize, .escape, .control, .alt: break
        }
        editor.scrollIntoView(width: inputWidth, metrics: metrics)
        return actions
    }

    /// Shows `window`'s newest line again (after `/clear`, or when the shell wants it); by
    /// default the window on screen's.
    public mutating func jumpToNewest(in window: WindowID? = nil) {
        viewports[window ?? self.window] = nil
    }

    /// Scrolls the window on screen by `rows`: positive towards older lines.
    public mutating func scroll<Entries: RandomAccessCollection<ScrollbackEntry>>(by rows: Int, entries: Entries) {
        var viewport = self.viewport
        viewport.scroll(by: rows, in: entries, formatter: formatter, height: textHeight(in: entries))
        viewports[window] = viewport.isFollowing ? nil : viewport
    }

    private mutating func submit(_ text: String) -> [UIAction] {
        history.record(text)
        editor.clear()
        viewports[window] = nil
        return [.send(text)]
    }

    private mutating func paste(_ raw: String) -> [UIAction] {
        var text = raw
        while text.last == "\n" { text.removeLast() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else {
            editor.insert(contentsOf: text)
            return []
        }
        // Several lines go out as one message, together with what was already typed.
        let before = String(editor.characters[..<editor.cursor])
        let after = String(editor.characters[editor.cursor...])
        let message = before + Self.cleanPaste(text) + after
        if message.split(separator: "\n", omittingEmptySubsequences: false).count > Self.pasteConfirmationThreshold {
            pendingPaste = message
            return []
        }
        return submit(message)
    }

    /// Pasted text without control characters other than newlines; tabs become spaces.
    static func cleanPaste(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(scalar)
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
