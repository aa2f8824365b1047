/// Breaks styled lines into rows of a given width.
///
/// Rows break after spaces and on either side of a wide (CJK) character, which needs no
/// space to break. Closing punctuation never starts a row and opening brackets never end
/// one (a minimal kinsoku). A word longer than a row is cut. A wide character never
/// straddles the edge: it moves to the next row and leaves a blank cell. Continuation rows
/// start at the line's hanging indent, limited to half the width so a narrow screen still
/// has room for text.
public enum LineWrapper {
    /// The rows of `line` at `width` cells.
    ///
    /// - Complexity: O(n) in the number of glyphs (each glyph moves rows at most once).
    public static func wrap(_ line: StyledLine, width: Int) -> [WrappedRow] {
        guard width > 0 else { return [] }
        let indent = min(max(line.hangingIndent, 0), width / 2)
        var rows: [WrappedRow] = []
        var current: [Glyph] = []
        var used = 0
        var rowIndent = 0
        var breakAt: Int? = nil  // split `current` before this index
        var isFirstRow = true

        func available() -> Int { width - rowIndent }

        func finishRow(carry: [Glyph]) {
            var glyphs = current
            while glyphs.last?.isSpace == true { glyphs.removeLast() }
            rows.append(WrappedRow(indent: rowIndent, glyphs: glyphs))
            isFirstRow = false
            rowIndent = indent
            current = Array(carry.drop(while: \.isSpace))
            used = current.reduce(0) { $0 + $1.width }
            breakAt = nil
        }

        for (index, original) in line.glyphs.enumerated() {
            if original.grapheme == "\n" {
                rows.append(WrappedRow(indent: rowIndent, glyphs: current))
                isFirstRow = false
                rowIndent = indent
                current = []
                used = 0
                breakAt = nil
                continue
            }
            var glyph = original
            if glyph.width > width - indent {
                glyph = Glyph(grapheme: TextMetrics.replacement, width: 1, style: glyph.style)
            }
            if let previous = current.last, !(isFirstRow && index <= line.prefixLength),
                canBreak(between: previous, and: glyph)
            {
                breakAt = current.count
            }
            if used + glyph.width > available() {
                if glyph.isSpace {
                    finishRow(carry: [])
                    continue
                }
                if let split = breakAt, split > 0, split < current.count {
                    let carry = Array(current[split...])
                    current.removeSubrange(split...)
                    finishRow(carry: carry)
                } else {
                    finishRow(carry: [])
                }
                while used + glyph.width > available() && !current.isEmpty {
                    // The carried word is itself too long for a row: cut it.
                    var fitting: [Glyph] = []
                    var fittingWidth = 0
                    for carried in current {
                        if fittingWidth + carried.width > available() { break }
                        fitting.append(carried)
                        fittingWidth += carried.width
                    }
                    let rest = Array(current[fitting.count...])
                    current = fitting
                    finishRow(carry: rest)
                }
            }
            current.append(glyph)
            used += glyph.width
        }
        rows.append(WrappedRow(indent: rowIndent, glyphs: current))
        return rows
    }

    /// Whether a row may end after `left` and the next start with `right`.
    static func canBreak(between left: Glyph, and right: Glyph) -> Bool {
        if right.isSpace { return false }
        if left.isSpace { return true }
        guard left.width >= 2 || right.width >= 2 else { return false }
        return !noRowStart.contains(right.grapheme) && !noRowEnd.contains(left.grapheme)
    }

    /// Punctuation that must not begin a row.
    static let noRowStart: Set<Character> = [
        "。", "，", "、", "．", "：", "；", "！", "？", "」", "』", "）", "】", "〉", "》", "〕", "ー",
        "ぁ", "ぃ", "ぅ", "ぇ", "ぉ", "っ", "ゃ", "ゅ", "ょ", "ァ", "ィ", "ゥ", "ェ", "ォ", "ッ", "ャ", "ュ", "ョ",
        "…", "‥", ".", ",", "!", "?", ":", ";", ")", "]", "}", "»", "’", "”",
    ]

    /// Brackets that must not end a row.
    static let noRowEnd: Set<Character> = ["「", "『", "（", "【", "〈", "《", "〔", "(", "[", "{", "«", "‘", "“"]
}
