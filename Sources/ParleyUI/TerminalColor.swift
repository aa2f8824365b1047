/// One of the eight classic terminal colours, or the terminal's own default.
///
/// Parley sticks to these so the screen looks right on any colour terminal, with the
/// user's own palette; the terminal shell maps each to an ncurses colour number.
public enum TerminalColor: Int, CaseIterable, Hashable, Sendable {
    /// The terminal's configured foreground or background.
    case `default` = -1
    /// ANSI black.
    case black = 0
    /// ANSI red.
    case red
    /// ANSI green.
    case green
    /// ANSI yellow.
    case yellow
    /// ANSI blue.
    case blue
    /// ANSI magenta.
    case magenta
    /// ANSI cyan.
    case cyan
    /// ANSI white.
    case white
}
