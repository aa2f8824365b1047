/// Which window the user asks for (Alt-1 … Alt-0, Alt-← →, Alt-A).
public enum WindowSelection: Hashable, Sendable {
    /// The window with this number in the window list, from 1.
    case number(Int)
    /// The window to the left of the current one (wrapping around).
    case previous
    /// The window to the right of the current one (wrapping around).
    case next
    /// The window with the most important activity; among windows at the same level, the one that
    /// reached it first (its news at that level is the oldest).
    case activity
}
