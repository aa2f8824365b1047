/// Why the full-screen terminal could not be used.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// ncurses could not set up the terminal (unknown `TERM`, no terminfo entry).
    case cannotInitialize(terminal: String)
    /// A standard stream could not be opened as a C `FILE`.
    case cannotOpenStream(String)

    /// A sentence the user can act on.
    public var description: String {
        switch self {
        case .cannotInitialize(let terminal):
            return "cannot use the terminal type \"\(terminal)\"; set TERM to one your system knows "
                + "(e.g. xterm-256color) or run with --plain"
        case .cannotOpenStream(let name):
            return "cannot open \(name) for the full-screen display; run with --plain"
        }
    }
}
