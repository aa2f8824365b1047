import CNcurses
import ParleyUI

extension TextMetrics {
    /// Metrics from the C library's `wcwidth`, the function ncurses itself uses to place
    /// characters, so wrapping and the screen always agree. Needs a UTF-8 `LC_CTYPE`
    /// (`setlocale(LC_ALL, "")` with a UTF-8 locale); otherwise non-ASCII measures -1 and is
    /// shown as U+FFFD.
    public static let system = TextMetrics(scalarWidth: { scalar in
        Int(parley_wcwidth(wchar_t(bitPattern: scalar.value)))
    })
}
