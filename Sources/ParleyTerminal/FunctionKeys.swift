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

    /// Keys a terminfo entry knows only as extended capabilities (xterm's `kLFT3` for Alt-Left,
    /// `kLFT5` for Ctrl-Left...), by the sequences terminals send for them.
    static let extendedSequences: [(sequence: String, key: Key)] = [
        ("\u{1B}[1;3D", .altLeft), ("\u{1B}[1;3C", .altRight), ("\u{1B}[1;5D", .alt("b")), ("\u{1B}[1;5C", .alt("f")),
    ]

    /// The codes ncurses gave the extended keys it recognises on the current screen (it numbers
    /// them at run time, past `KEY_MAX`), with their keys. Sequences it does not recognise reach
    /// `KeyDecoder` as plain scalars instead, which decodes them itself.
    public static func extendedKeys() -> [Int32: Key] {
        var keys: [Int32: Key] = [:]
        for (sequence, key) in extendedSequences {
            let code = sequence.withCString { key_defined($0) }
            if code > 0 { keys[code] = key }
        }
        return keys
    }
}
