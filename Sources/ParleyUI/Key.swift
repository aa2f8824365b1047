/// A key press (or paste, or wheel turn) after decoding, independent of ncurses.
public enum Key: Hashable, Sendable {
    /// A printable scalar; the editor joins scalars into graphemes.
    case character(Unicode.Scalar)
    /// Ctrl with a letter: `.control("a")` is Ctrl-A.
    case control(Character)
    /// Alt (Meta, or Esc then the key): `.alt("b")` is Alt-B.
    case alt(Character)
    /// Enter or Return.
    case enter
    /// Tab.
    case tab
    /// Backspace (DEL, ^H or the keypad's backspace).
    case backspace
    /// Alt-Backspace.
    case altBackspace
    /// Delete (forward).
    case delete
    /// Escape on its own.
    case escape
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow left.
    case left
    /// Arrow right.
    case right
    /// Alt with arrow left (xterm: `ESC [1;3D`; others: Esc, then the arrow).
    case altLeft
    /// Alt with arrow right.
    case altRight
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Mouse wheel towards the user's older lines.
    case wheelUp
    /// Mouse wheel towards newer lines.
    case wheelDown
    /// A bracketed paste: the pasted text, newlines as "\n".
    case paste(String)
    /// The terminal changed size.
    case resize
}
