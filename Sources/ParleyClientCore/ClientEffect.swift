import ParleyWire

/// Something the shell must do, returned by `ClientStateMachine.handle(_:)`, in order.
public enum ClientEffect: Equatable, Sendable {
    /// Open a new transport to the relay; answer with `.transportUp` or `.transportDown`.
    case connect
    /// Send this message on the open transport.
    case send(ClientMessage)
    /// Close the transport (after sending what was queued); no `.transportDown` is expected.
    case disconnect
    /// A line was added to a window's scrollback (print it in line mode, draw it in the TUI).
    case append(ScrollbackEntry, in: WindowID)
    /// A line already shown changed (its delivery state); this is its new value. The window
    /// may have been closed since; line mode still prints the line's fate.
    case update(ScrollbackEntry, in: WindowID)
    /// A window's scrollback was cleared (`/clear`).
    case clear(WindowID)
    /// Ring the bell: a mention or a private message, with the bell on.
    case bell
    /// The status (`ClientStateMachine.status`: the link, the window list, the window on screen)
    /// changed.
    case statusChanged
    /// Everything is settled: exit with this code (0: every message was delivered).
    case exit(code: Int32)
}
