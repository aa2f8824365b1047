import CNcurses
import ParleyUI

/// Maps the function-key codes `wget_wch` returns with `KEY_CODE_YES` to `Key`s.
public enum FunctionKeys {
    /// The key for `code`, or nil for keys Parley does not use (and for `KEY_MOUSE`, which
    /// needs `getmouse`; see `CursesScreen.readInputs()`).
    public static func key(for code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_RESIZE: return .resize
        case KEY_BTAB: return .tab
        default: return nil
        }
    }
}
