import Dispatch
import ParleyClient
import ParleyTerminal

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs the full-screen client on this terminal; never returns.
///
/// The seam between the program and the screen: `ParleyCommand` calls this when standard
/// input and output are terminals and `--plain` was not given. `session` uses the main queue
/// and has not started. The screen (`ParleyTerminal.TerminalApp`) reads the session's state
/// on the main queue to draw, hands typed lines to `session.submit(_:)`, and hears the
/// session's effects through its observer; it exits when the session reports `.exit(code:)`
/// (after `/quit`), on Ctrl-C, SIGTERM, SIGHUP or SIGINT, restoring the terminal each time.
///
/// With `mouse` (the default) the terminal reports the mouse wheel, which scrolls; without it
/// (`--no-mouse`) the terminal keeps the mouse for selecting text.
///
/// If the terminal cannot be driven (an unknown `TERM`), it says so and falls back to line mode.
func runTerminalMode(session: ClientSession, configuration: ClientSessionConfiguration, mouse: Bool) -> Never {
    TerminalLocale.prepare()
    let app: TerminalApp? = MainActor.assumeIsolated {
        let screen: CursesScreen
        do {
            screen = try CursesScreen.openStandardStreams(mouse: mouse)
        } catch {
            writeToStandardError("parley: \(error); using line mode\n")
            return nil
        }
        let app = TerminalApp(
            screen: screen,
            client: TerminalApp.Client(
                state: { session.state },
                submit: { session.submit($0) },
                select: { session.select($0) },
                stop: { session.stop(then: $0) },
                now: { ClientClock.wallMilliseconds() },
                utcOffsetSeconds: { ClientClock.utcOffsetSeconds(atMilliseconds: $0) }))
        session.setObserver { effects in
            MainActor.assumeIsolated { app.apply(effects) }
        }
        app.start()
        session.start()
        return app
    }
    guard let app else { LineMode.run(session: session) }
    withExtendedLifetime(app) { dispatchMain() }
}

/// Writes `text` to standard error unbuffered (Swift 6 cannot touch the C `stderr` global).
private func writeToStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
