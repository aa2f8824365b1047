/// The text being typed, edited grapheme by grapheme.
///
/// Keys arrive one Unicode scalar at a time (`wget_wch`); `insert(_:)` merges a scalar into
/// the grapheme before the cursor when Unicode says it belongs to it (a combining accent, a
/// skin tone, a ZWJ sequence, Hangul jamo), so the cursor, Backspace and Delete always act
/// on whole graphemes. The horizontal scroll offset is kept here too, in graphemes.
public struct LineEditor: Hashable, Sendable {
    /// The most graphemes the line holds; typing beyond it is ignored.
    public static let maximumLength = 16_384

    /// The text, one element per grapheme.
    public private(set) var characters: [Character] = []
    /// The cursor, as an index into `characters` (0...count).
    public private(set) var cursor = 0
    /// The first grapheme shown when the line is wider than the screen.
    public private(set) var firstVisible = 0
    /// The text removed last by a kill command, for Ctrl-Y.
    public private(set) var killBuffer: [Character] = []

    /// An empty line.
    public init() {}

    /// A line holding `text` with the cursor at its end.
    public init(text: String) {
        setText(text)
    }

    /// The whole line.
    public var text: String { String(characters) }

    /// Whether the line is empty.
    public var isEmpty: Bool { characters.isEmpty }

    /// Replaces the line, cursor at the end.
    public mutating func setText(_ text: String) {
        characters = Array(text.prefix(Self.maximumLength))
        cursor = characters.count
        firstVisible = 0
    }

    /// Empties the line.
    public mutating func clear() { setText("") }

    // MARK: - Typing

    /// Inserts one scalar at the cursor, joining the grapheme before it when they combine.
    /// Control characters are ignored; a tab becomes a space.
    public mutating func insert(_ scalar: Unicode.Scalar) {
        if scalar == "\t" { return insert(" " as Unicode.Scalar) }
        if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) { return }
        if cursor > 0 {
            let merged = String(characters[cursor - 1]) + String(scalar)
            if merged.count == 1, let grapheme = merged.first {
                characters[cursor - 1] = grapheme
                return
            }
        }
        guard characters.count < Self.maximumLength else { return }
        characters.insert(Character(scalar), at: cursor)
        cursor += 1
    }

    /// Inserts `text` at the cursor (a paste, a completion), scalar by scalar.
    public mutating func insert(contentsOf text: String) {
        for scalar in text.unicodeScalars { insert(scalar) }
    }

    /// Replaces the graphemes in `range` with `text` and puts the cursor after it.
    public mutating func replace(_ range: Range<Int>, with text: String) {
        let lower = min(max(range.lowerBound, 0), characters.count)
        let upper = min(max(range.upperBound, lower), characters.count)
        let inserted = Array(text.prefix(max(Self.maximumLength - (characters.count - (upper - lower)), 0)))
        characters.replaceSubrange(lower..<upper, with: inserted)
        cursor = lower + inserted.count
    }

    // MARK: - Moving

    /// Moves one grapheme left.
    public mutating func moveLeft() { cursor = max(cursor - 1, 0) }
    /// Moves one grapheme right.
    public mutating func moveRight() { cursor = min(cursor + 1, characters.count) }
    /// Moves to the start of the line.
    public mutating func moveToStart() { cursor = 0 }
    /// Moves to the end of the line.
    public mutating func moveToEnd() { cursor = characters.count }
    /// Moves to the start of the word before the cursor.
    public mutating func moveWordLeft() { cursor = wordStart(before: cursor) }
    /// Moves past the end of the word after the cursor.
    public mutating func moveWordRight() { cursor = wordEnd(after: cursor) }

    // MARK: - Deleting

    /// Deletes the grapheme before the cursor (Backspace).
    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    /// Deletes the grapheme under the cursor (Delete).
    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    /// Removes everything before the cursor (Ctrl-U).
    public mutating func killToStart() { kill(0..<cursor) }
    /// Removes everything from the cursor on (Ctrl-K).
    public mutating func killToEnd() { kill(cursor..<characters.count) }
    /// Removes the word before the cursor (Ctrl-W, Alt-Backspace).
    public mutating func killWordBackward() { kill(wordStart(before: cursor)..<cursor) }
    /// Removes the word after the cursor (Alt-D).
    public mutating func killWordForward() { kill(cursor..<wordEnd(after: cursor)) }

    /// Inserts the text last killed (Ctrl-Y).
    public mutating func yank() {
        for character in killBuffer where characters.count < Self.maximumLength {
            characters.insert(character, at: cursor)
            cursor += 1
        }
    }

    private mutating func kill(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        killBuffer = Array(characters[range])
        characters.removeSubrange(range)
        cursor = range.lowerBound
    }

    private func isWordCharacter(_ character: Character) -> Bool {
        !(character.isWhitespace || (character.isPunctuation && character != "_" && character != "'"))
    }

    private func wordStart(before index: Int) -> Int {
        var position = index
        while position > 0 && !isWordCharacter(characters[position - 1]) { position -= 1 }
        while position > 0 && isWordCharacter(characters[position - 1]) { position -= 1 }
        return position
    }

    private func wordEnd(after index: Int) -> Int {
        var position = index
        while position < characters.count && !isWordCharacter(characters[position]) { position += 1 }
        while position < characters.count && isWordCharacter(characters[position]) { position += 1 }
        return position
    }

    // MARK: - Horizontal scrolling

    /// Adjusts the scroll offset so the cursor is visible in `width` cells, scrolling as
    /// little as possible and using free space on the right to show more on the left.
    public mutating func scrollIntoView(width: Int, metrics: TextMetrics) {
        firstVisible = visibleStart(width: width, metrics: metrics)
    }

    /// The part of the line that fits in `width` cells around the cursor.
    public func view(width: Int, metrics: TextMetrics) -> (glyphs: [Glyph], cursorColumn: Int, isScrolled: Bool) {
        let start = visibleStart(width: width, metrics: metrics)
        var glyphs: [Glyph] = []
        var used = 0
        var cursorColumn = 0
        for index in start..<characters.count {
            if index == cursor { cursorColumn = used }
            let glyph = displayGlyph(characters[index], metrics: metrics)
            if used + glyph.width > width { break }
            glyphs.append(glyph)
            used += glyph.width
        }
        if cursor == characters.count { cursorColumn = used }
        return (glyphs, min(cursorColumn, max(width - 1, 0)), start > 0)
    }

    private func visibleStart(width: Int, metrics: TextMetrics) -> Int {
        guard width > 1 else { return cursor }
        var start = min(firstVisible, cursor)
        // The cursor needs its own cell after the text before it.
        func cells(_ range: Range<Int>) -> Int {
            range.reduce(0) { $0 + displayGlyph(characters[$1], metrics: metrics).width }
        }
        var beforeCursor = cells(start..<cursor)
        let cursorCell = cursor < characters.count ? displayGlyph(characters[cursor], metrics: metrics).width : 1
        while start < cursor && beforeCursor + cursorCell > width {
            beforeCursor -= displayGlyph(characters[start], metrics: metrics).width
            start += 1
        }
        // Use room on the right to reveal text on the left.
        var total = beforeCursor + cells(cursor..<characters.count) + (cursor == characters.count ? 1 : 0)
        while start > 0 {
            let previous = displayGlyph(characters[start - 1], metrics: metrics).width
            if total + previous > width { break }
            total += previous
            start -= 1
        }
        return start
    }

    private func displayGlyph(_ character: Character, metrics: TextMetrics) -> Glyph {
        if character == "\n" { return metrics.glyph(for: "⏎", style: .plain) }
        return metrics.glyph(for: character, style: .plain)
    }
}
