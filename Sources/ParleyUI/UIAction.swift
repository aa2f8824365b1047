import ParleyClientCore

/// What the screen asks its shell to do after a key.
public enum UIAction: Hashable, Sendable {
    /// Hand this line to the client (a message or a command such as "/nick bob").
    case send(String)
    /// The user asked to leave (Ctrl-C).
    case quit
    /// Repaint the whole terminal from scratch (Ctrl-L).
    case redraw
    /// Give the terminal back to the shell and stop until continued (Ctrl-Z, then `fg`).
    case suspend
    /// Put another window on screen (Alt-1 … Alt-0, Alt-← →, Alt-A); the client core decides
    /// which one the selection means.
    case selectWindow(WindowSelection)
}
