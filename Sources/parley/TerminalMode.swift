import ParleyClient

/// Runs the full-screen client on this terminal; never returns.
///
/// The seam between the program and the screen: `ParleyCommand` calls this when standard input
/// and output are terminals and `--plain` was not given. `session` runs on the main queue and has
/// not started: set an observer (`session.setObserver`, called on the main queue with the core's
/// effects), call `session.start()`, feed typed lines to `session.submit(_:)`, read
/// `session.state` (status, scrollback, roster) on the main queue to draw, and exit when the
/// observer sees `.exit(code:)`.
///
/// This first version falls back to line mode until the ncurses screen is wired in here.
func runTerminalMode(session: ClientSession, configuration: ClientSessionConfiguration) -> Never {
    LineMode.run(session: session)
}
