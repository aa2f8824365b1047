import Testing
@testable import ParleyUI

struct LineEditorTests {
    func editor(_ text: String, cursor: Int? = nil) -> LineEditor {
        var editor = LineEditor()
        editor.insert(contentsOf: text)
        if let cursor {
            editor.moveToStart()
            for _ in 0..<cursor { editor.moveRight() }
        }
        return editor
    }

    @Test func typingMergesScalarsIntoGraphemes() {
        var line = LineEditor()
        for scalar in "e\u{301}👍\u{1F3FD}🇯🇵한\u{1100}\u{1161}".unicodeScalars { line.insert(scalar) }
        #expect(line.characters == ["e\u{301}", "👍🏽", "🇯🇵", "한", "\u{1100}\u{1161}"])
        #expect(line.cursor == 5)
    }

    @Test func zwjSequenceIsOneGrapheme() {
        var line = LineEditor()
        line.insert(contentsOf: "👨‍👩‍👧")
        #expect(line.characters.count == 1)
        line.deleteBackward()
        #expect(line.isEmpty)
    }

    @Test func chineseTextEditsByCharacter() {
        var line = editor("你好世界")
        line.moveLeft()
        line.deleteBackward()
        #expect(line.text == "你好界")
        line.moveToStart()
        line.deleteForward()
        #expect(line.text == "好界")
    }

    @Test func controlCharactersAreIgnoredAndTabsBecomeSpaces() {
        var line = LineEditor()
        line.insert(contentsOf: "a\u{1B}b\tc\u{7F}\u{85}")
        #expect(line.text == "ab c")
    }

    @Test func homeEndAndCharacterMoves() {
        var line = editor("abc")
        line.moveToStart()
        #expect(line.cursor == 0)
        line.moveLeft()
        #expect(line.cursor == 0)
        line.moveRight()
        #expect(line.cursor == 1)
        line.moveToEnd()
        line.moveRight()
        #expect(line.cursor == 3)
    }

    @Test func wordMoves() {
        var line = editor("hello big  world")
        line.moveWordLeft()
        #expect(line.cursor == 11)
        line.moveWordLeft()
        #expect(line.cursor == 6)
        line.moveWordRight()
        #expect(line.cursor == 9)
        line.moveWordRight()
        #expect(line.cursor == 16)
    }

    @Test func killsAndYank() {
        var line = editor("one two three", cursor: 8)
        line.killToEnd()
        #expect(line.text == "one two ")
        line.yank()
        #expect(line.text == "one two three")
        line.killWordBackward()
        #expect(line.text == "one two ")
        line.moveToStart()
        line.killWordForward()
        #expect(line.text == " two ")
        line.moveToEnd()
        line.moveLeft()
        line.killToStart()
        #expect(line.text == " ")
        #expect(line.cursor == 0)
    }

    @Test func backspaceAndDeleteAtTheEdgesDoNothing() {
        var line = editor("x", cursor: 0)
        line.deleteBackward()
        #expect(line.text == "x")
        line.moveToEnd()
        line.deleteForward()
        #expect(line.text == "x")
    }

    @Test func scrollsHorizontallyToKeepTheCursorVisible() {
        var line = editor("abcdefghij")
        line.scrollIntoView(width: 5, metrics: .table)
        var view = line.view(width: 5, metrics: .table)
        #expect(String(view.glyphs.map(\.grapheme)) == "ghij")
        #expect(view.cursorColumn == 4)
        #expect(view.isScrolled)
        line.moveToStart()
        line.scrollIntoView(width: 5, metrics: .table)
        view = line.view(width: 5, metrics: .table)
        #expect(String(view.glyphs.map(\.grapheme)) == "abcde")
        #expect(view.cursorColumn == 0)
        #expect(!view.isScrolled)
    }

    @Test func horizontalScrollCountsCellsNotCharacters() {
        var line = editor("中文中文中文")
        line.scrollIntoView(width: 7, metrics: .table)
        let view = line.view(width: 7, metrics: .table)
        #expect(String(view.glyphs.map(\.grapheme)) == "文中文")
        #expect(view.cursorColumn == 6)
    }

    @Test func scrollingMovesAsLittleAsPossible() {
        var line = editor("abcdefghij")
        line.scrollIntoView(width: 5, metrics: .table)
        #expect(line.firstVisible == 6)
        for _ in 0..<3 { line.moveLeft() }
        line.scrollIntoView(width: 5, metrics: .table)
        #expect(line.firstVisible == 5)  // "fghij" fits, cursor on "h"
        for _ in 0..<3 { line.moveLeft() }
        line.scrollIntoView(width: 5, metrics: .table)
        #expect(line.firstVisible == 4)  // the cursor sits at the left edge
    }

    @Test func lengthIsBounded() {
        var line = LineEditor()
        line.insert(contentsOf: String(repeating: "x", count: LineEditor.maximumLength + 10))
        #expect(line.characters.count == LineEditor.maximumLength)
    }

    @Test func replaceRangePutsTheCursorAfterTheText() {
        var line = editor("hi al there", cursor: 5)
        line.replace(3..<5, with: "alice")
        #expect(line.text == "hi alice there")
        #expect(line.cursor == 8)
    }
}
