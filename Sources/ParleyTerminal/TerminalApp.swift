import CNcurses
import Dispatch
import Glibc
import ParleyClientCore
import ParleyUI

/// The full-screen client's event loop: keys, signals and client updates in, screens out.
///
/// Everything runs on the main queue: a read source on standard input, signal sources for
/// SIGWINCH, SIGCONT, SIGTERM, SIGHUP and SIGINT, and the client session's observer (which
/// already runs on the main queue). There is no polling: when nothing happens nothing runs, apart
/// from a one-second timer while the status bar counts down to a reconnect.
///
/// Keys are drawn as soon as they are read. The client's updates are coalesced and paced
/// (`FramePacer`, at most 60 frames a second), so a flood of messages costs bounded CPU
/// and never delays the next key's frame by more than one screen's drawing.
///
/// The terminal is restored on every way out: `/quit` (the client's `.exit` effect),
/// Ctrl-C (like `/quit`, which waits for pending messages; Ctrl-C during that wait leaves at
/// once), SIGTERM, SIGHUP, SIGINT, standard input closing, and fatal signals (see
/// `parley_install_fatal_signal_restore`). Ctrl-Z restores it the same way, then stops the
/// process for the shell's job control; when `fg` continues it, the app takes the terminal
/// again and redraws everything, including what arrived while it was stopped (the sockets
/// kept it; it is only drawn late).
@MainActor
public final class TerminalApp {
    /// How the app reaches the chat client; every closure is called on the main queue.
    public struct Client {
        /// The client's current state (windows, status).
        public var state: @MainActor () -> ClientStateMachine
        /// Hands over a typed line (a message or a command).
        public var submit: @MainActor (String) -> Void
        /// Asks for another window on screen.
        public var select: @MainActor (WindowSelection) -> Void
        /// Closes the connection at once, then calls the completion (from any queue).
        public var stop: @MainActor (@escaping @Sendable () -> Void) -> Void
        /// Wall-clock milliseconds since 1970 UTC.
        public var now: @MainActor () -> UInt64
        /// The local offset from UTC in seconds at a time.
        public var utcOffsetSeconds: @MainActor (UInt64) -> Int

        /// Creates the client hooks.
        public init(
            state: @escaping @MainActor () -> ClientStateMachine,
            submit: @escaping @MainActor (String) -> Void,
            select: @escaping @MainActor (WindowSelection) -> Void,
            stop: @escaping @MainActor (@escaping @Sendable () -> Void) -> Void,
            now: @escaping @MainActor () -> UInt64,
            utcOffsetSeconds: @escaping @MainActor (UInt64) -> Int
        ) {
            self.state = state
            self.submit = submit
            self.select = select
            self.stop = stop
            self.now = now
            self.utcOffsetSeconds = utcOffsetSeconds
        }
    }

    private let screen: CursesScreen
    private let client: Client
    private var view: ChatView
    private var decoder = KeyDecoder()
    private var sources: [any DispatchSourceProtocol] = []
    private var countdown: (any DispatchSourceTimer)?
    private var renderPending = false
    private var renderTicket: UInt64 = 0
    private var pacer = FramePacer()
    private var repaintPending = false
    private var quitRequested = false
    private var emptyReads = 0
    private var isLeaving = false

    /// Creates the app on an open screen. Call `start()` next.
    public init(screen: CursesScreen, client: Client, metrics: TextMetrics = .system) {
        self.screen = screen
        self.client = client
        self.view = ChatView(rows: screen.rows, columns: screen.columns, metrics: metrics)
    }

    /// Installs the input and signal sources, enables bracketed paste and draws the first screen.
    public func start() {
        screen.enableBracketedPaste()
        if let size = CursesScreen.terminalSize() {
            screen.resize(rows: size.rows, columns: size.columns)
            view.resize(rows: screen.rows, columns: screen.columns)
        }
        let input = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .main)
        input.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.readInput() } }
        input.resume()
        sources.append(input)
        let winch = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .main)
        winch.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.terminalResized() } }
        winch.resume()
        sources.append(winch)
        let continued = DispatchSource.makeSignalSource(signal: SIGCONT, queue: .main)
        continued.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.processContinued() } }
        continued.resume()
        sources.append(continued)
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .main)
            source.setEventHandler { [weak self] in
                MainActor.assumeIsolated { () -> Void in self?.leaveNow(exitCode: 128 + signal) }
            }
            source.resume()
            sources.append(source)
        }
        render(fullRepaint: true)
    }

    /// Takes in what the client core did (call from the session's observer, on the main queue).
    public func apply(_ effects: [ClientEffect]) {
        for effect in effects {
            switch effect {
            case .clear(let window):
                view.jumpToNewest(in: window)
            case .bell:
                screen.beep()
            case .exit(let code):
                finish(exitCode: code)
            case .append, .update, .statusChanged, .connect, .send, .disconnect:
                break
            }
        }
        setNeedsRender()
    }

    /// Restores the terminal and ends the process.
    public func finish(exitCode: Int32) -> Never {
        for source in sources { source.cancel() }
        countdown?.cancel()
        screen.close()
        exit(exitCode)
    }

    // MARK: - Events

    private func readInput() {
        guard !isLeaving else { return }
        let inputs = screen.readInputs()
        if inputs.isEmpty {
            // A read event with nothing to read, again and again, is the terminal going away.
            emptyReads += 1
            if emptyReads >= 3 && parley_bytes_available(STDIN_FILENO) <= 0 { leaveNow(exitCode: 1) }
            return
        }
        emptyReads = 0
        var keys: [Key] = []
        for input in inputs { keys += decoder.feed(input) }
        keys += decoder.flush()
        var repaint = false
        for key in keys where !isLeaving {
            if key == .resize {
                repaint = adoptCursesSize() || repaint
                continue
            }
            let state = client.state()
            let window = showCurrentWindow(of: state)
            let words = key == .tab ? window.roster.sorted.map(\.nick) + state.windows.wantedRooms.map(\.name) : []
            for action in view.handle(key, entries: window.scrollback, nicks: words) {
                switch action {
                case .send(let line):
                    if case .quit = Command(parsing: line) { quitRequested = true }
                    client.submit(line)
                case .quit: requestQuit()
                case .redraw: repaint = true
                case .suspend: suspend()
                case .selectWindow(let selection): client.select(selection)
                }
            }
        }
        render(fullRepaint: repaint)
    }

    private func terminalResized() {
        guard let size = CursesScreen.terminalSize() else { return }
        screen.resize(rows: size.rows, columns: size.columns)
        view.resize(rows: screen.rows, columns: screen.columns)
        render(fullRepaint: true)
    }

    /// Ctrl-Z: gives the terminal back as `finish` would, stops the process group for the
    /// shell's job control, and takes the terminal again once continued.
    ///
    /// This waits inside `JobControl.stopProcessGroup()` while the process is stopped; nothing
    /// else runs then anyway, and the socket sources catch up once it is continued.
    private func suspend() {
        guard !isLeaving, screen.suspend() else { return }
        var stops = 0
        repeat {
            guard JobControl.stopProcessGroup() else { break }
            stops += 1
            // Continued in the background (`bg`): taking the terminal there would fight the
            // shell for it, so stop again until `fg`.
        } while !JobControl.isInForeground() && stops < JobControl.maximumBackgroundStops
        takeTerminalBack()
    }

    /// SIGCONT: after a stop that Ctrl-Z did not ask for (SIGSTOP, or SIGTSTP from another
    /// process, which ncurses handles itself), the shell may have set its own terminal modes and
    /// drawn over the screen, and the size may have changed unnoticed. After Ctrl-Z the
    /// terminal was already taken back by `suspend()`; doing it again costs one repaint.
    private func processContinued() {
        guard !isLeaving, JobControl.isInForeground() else { return }
        takeTerminalBack()
    }

    /// Puts the terminal back in the app's modes, lays out for its current size and repaints
    /// it whole.
    private func takeTerminalBack() {
        screen.resume()
        if let size = CursesScreen.terminalSize() {
            screen.resize(rows: size.rows, columns: size.columns)
        }
        view.resize(rows: screen.rows, columns: screen.columns)
        render(fullRepaint: true)
    }

    /// After ncurses reported KEY_RESIZE: lay out for its size if ours differs.
    private func adoptCursesSize() -> Bool {
        view.resize(rows: screen.rows, columns: screen.columns)
    }

    private func requestQuit() {
        if quitRequested {
            leaveNow(exitCode: 130)
        } else {
            quitRequested = true
            client.submit("/quit")
        }
    }

    /// Leaves without waiting for pending messages: terminal first, then the connection;
    /// the process exits once it is closed (or after a second, whatever the connection does).
    private func leaveNow(exitCode: Int32) {
        guard !isLeaving else { return }
        isLeaving = true
        for source in sources { source.cancel() }
        sources = []
        countdown?.cancel()
        countdown = nil
        screen.close()
        client.stop { DispatchQueue.main.async { exit(exitCode) } }
        DispatchQueue.main.asyncAfter(deadline: .now() + .seconds(1)) { exit(exitCode) }
    }

    // MARK: - Drawing

    /// Schedules a frame for the client's updates: a burst of them becomes one screen, drawn
    /// at the end of this turn of the main queue, or, right after another frame, once the
    /// pacer allows (at most 60 a second). Keys draw at once instead (`readInput`).
    private func setNeedsRender() {
        guard !renderPending else { return }
        renderPending = true
        renderTicket &+= 1
        let ticket = renderTicket
        let draw: @Sendable () -> Void = { [weak self] in
            MainActor.assumeIsolated {
                // A frame drawn in the meantime (a key) took this one's place.
                guard let self, self.renderPending, self.renderTicket == ticket else { return }
                self.render(fullRepaint: false)
            }
        }
        let delay = pacer.delay(now: DispatchTime.now().uptimeNanoseconds)
        if delay == 0 {
            DispatchQueue.main.async(execute: draw)
        } else {
            DispatchQueue.main.asyncAfter(deadline: .now() + .nanoseconds(Int(delay)), execute: draw)
        }
    }

    private func render(fullRepaint: Bool) {
        renderPending = false
        guard screen.isOpen, !isLeaving else { return }
        pacer.frameDrawn(at: DispatchTime.now().uptimeNanoseconds)
        let state = client.state()
        let now = client.now()
        view.utcOffsetSeconds = client.utcOffsetSeconds(now)
        let window = showCurrentWindow(of: state)
        view.keepWindows(Set(state.windows.windows.map(\.id)))
        let status = StatusInfo(state.status, now: now)
        let grid = view.render(entries: window.scrollback, status: status)
        screen.draw(grid, fullRepaint: fullRepaint || repaintPending)
        repaintPending = false
        updateCountdown(for: status.link)
    }

    /// Tells the view which window the client has on screen, and returns it.
    private func showCurrentWindow(of state: ClientStateMachine) -> ChatWindow {
        let window = state.windows.current
        view.show(window.id, unreadAfter: window.unreadAfter)
        return window
    }

    /// Ticks once a second while "reconnecting in Ns" is on screen; otherwise no timer runs.
    private func updateCountdown(for link: StatusInfo.Link) {
        if case .reconnecting = link {
            guard countdown == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: .main)
            timer.schedule(deadline: .now() + .seconds(1), repeating: .seconds(1), leeway: .milliseconds(50))
            timer.setEventHandler { [weak self] in MainActor.assumeIsolated { self?.setNeedsRender() } }
            timer.resume()
            countdown = timer
        } else if let timer = countdown {
            timer.cancel()
            countdown = nil
        }
    }
}
