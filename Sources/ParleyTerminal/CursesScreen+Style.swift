import CNcurses
import ParleyUI

/// A foreground and background pair, for ncurses colour pairs.
struct ColorKey: Hashable {
    var foreground: TerminalColor
    var background: TerminalColor
}

extension CursesScreen {
    /// Sets the window's attributes and colour pair for `style`, allocating pairs as needed
    /// (81 combinations at most; without colour only the attributes are used).
    func apply(_ style: CellStyle, to window: UnsafeMutablePointer<WINDOW>?) {
        var attributes = PARLEY_A_NORMAL
        if style.isBold { attributes |= PARLEY_A_BOLD }
        if style.isDim { attributes |= PARLEY_A_DIM }
        if style.isReverse { attributes |= PARLEY_A_REVERSE }
        if style.isUnderline { attributes |= PARLEY_A_UNDERLINE }
        let pair = colorPair(foreground: style.foreground, background: style.background)
        _ = wattr_set(window, attributes, pair, nil)
    }

    private func colorPair(foreground: TerminalColor, background: TerminalColor) -> Int16 {
        guard usesColor, foreground != .default || background != .default else { return 0 }
        let key = ColorKey(foreground: foreground, background: background)
        if let pair = colorPairs[key] { return pair }
        let next = Int16(colorPairs.count + 1)
        guard Int32(next) < parley_color_pairs() else { return 0 }
        guard init_pair(next, Int16(foreground.rawValue), Int16(background.rawValue)) == OK else { return 0 }
        colorPairs[key] = next
        return next
    }
}
