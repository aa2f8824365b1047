import Glibc

/// Makes sure wide characters work: the user's locale, or C.UTF-8 when it is not UTF-8.
///
/// With a non-UTF-8 `LC_CTYPE` ncurses silently drops typed Chinese and libc `wcwidth`
/// measures every non-ASCII character as -1, so Parley would show U+FFFD everywhere.
public enum TerminalLocale {
    /// Applies the environment's locale and falls back to C.UTF-8 for `LC_CTYPE` if needed.
    /// Returns whether the character set is UTF-8 afterwards.
    @discardableResult
    public static func prepare() -> Bool {
        _ = setlocale(LC_ALL, "")
        if isUTF8 { return true }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
        return isUTF8
    }

    /// Whether the current `LC_CTYPE` character set is UTF-8.
    public static var isUTF8: Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
}
