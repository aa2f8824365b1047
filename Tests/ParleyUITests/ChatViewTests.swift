import ParleyClientCore
import Testing
@testable import ParleyUI

struct ChatViewTests {
    @Test func enterSendsTheLineAndClearsIt() {
        var view = ChatView(rows: 10, columns: 40)
        view.type("hello 世界")
        #expect(view.press(.enter) == [.send("hello 世界")])
        #expect(view.editor.isEmpty)
        #expect(view.press(.enter).isEmpty)  // nothing to send
        view.type("   ")
        #expect(view.press(.enter).isEmpty)
    }

    @Test func editingKeysReachTheEditor() {
        var view = ChatView(rows: 10, columns: 40)
        view.type("one two")
        view.press(.control("w"))
        #expect(view.editor.text == "one ")
        view.press(.control("a"), .control("k"))
        #expect(view.editor.text == "")
        view.type("abc")
        view.press(.home, .delete, .end, .backspace)
        #expect(view.editor.text == "b")
        view.type(" cd ef")
        view.press(.alt("b"), .control("b"), .control("b"), .alt("f"), .control("e"), .control("f"))
        #expect(view.editor.cursor == 7)
        view.press(.control("u"))
        #expect(view.editor.text == "")
    }

    @Test func upAndDownRecallSentLines() {
        var view = ChatView(rows: 10, columns: 40)
        view.type("first")
        view.press(.enter)
        view.type("second")
        view.press(.enter)
        view.type("draft")
        view.press(.up)
        #expect(view.editor.text == "second")
        view.press(.up)
        #expect(view.editor.text == "first")
        view.press(.down, .down)
        #expect(view.editor.text == "draft")
    }

    @Test func tabCompletesNicksAndCommands() {
        var view = ChatView(rows: 10, columns: 40)
        view.type("ca")
        view.press(.tab, nicks: ["carol", "dave"])
        #expect(view.editor.text == "carol: ")
        view.press(.control("u"))
        view.type("/wh")
        view.press(.tab)
        #expect(view.editor.text == "/who ")
    }

    @Test func singleLinePasteIsInsertedNotSent() {
        var view = ChatView(rows: 10, columns: 40)
        view.type("say: ")
        #expect(view.press(.paste("你好 world\n")).isEmpty)
        #expect(view.editor.text == "say: 你好 world")
    }

    @Test func multiLinePasteIsSentAsOneMessage() {
        var view = ChatView(rows: 10, columns: 40)
        view.type("look: ")
        #expect(view.press(.paste("a\nb\tc\u{1B}\nd\n")) == [.send("look: a\nb c\nd")])
        #expect(view.editor.isEmpty)
    }

    @Test func longPasteAsksFirst() {
        var view = ChatView(rows: 10, columns: 40)
        let text = (1...6).map { "line \($0)" }.joined(separator: "\n")
        #expect(view.press(.paste(text)).isEmpty)
        #expect(view.pendingPaste == text)
        #expect(view.press(.character("y")) == [.send(text)])
        #expect(view.pendingPaste == nil)
    }

    @Test func longPasteCanBeRefused() {
        var view = ChatView(rows: 10, columns: 40)
        view.press(.paste((1...9).map(String.init).joined(separator: "\n")))
        #expect(view.press(.character("n")).isEmpty)
        #expect(view.pendingPaste == nil)
        #expect(view.editor.isEmpty)
    }

    @Test func fiveLinesAreSentWithoutAsking() {
        var view = ChatView(rows: 10, columns: 40)
        #expect(view.press(.paste("1\n2\n3\n4\n5")) == [.send("1\n2\n3\n4\n5")])
    }

    @Test func pageKeysAndWheelScrollEndFollows() {
        let entries = Fixtures.numbered(30)
        var view = ChatView(rows: 8, columns: 30)  // 6 scrollback rows
        view.press(.pageUp, entries: entries)
        #expect(view.scrollState(in: entries) == ScrollState(isFollowing: false, linesBelow: 5, newMessages: 0))
        view.press(.wheelUp, entries: entries)
        #expect(view.scrollState(in: entries).linesBelow == 8)
        view.press(.wheelDown, .pageDown, entries: entries)
        #expect(view.scrollState(in: entries).isFollowing)
        view.press(.pageUp, .pageUp, entries: entries)
        view.press(.end, entries: entries)
        #expect(view.viewport.isFollowing)
    }

    @Test func sendingJumpsBackToTheNewestLine() {
        let entries = Fixtures.numbered(30)
        var view = ChatView(rows: 8, columns: 30)
        view.press(.pageUp, entries: entries)
        view.type("hi")
        view.press(.enter, entries: entries)
        #expect(view.viewport.isFollowing)
    }

    @Test func controlLRedrawsAndControlCQuits() {
        var view = ChatView(rows: 8, columns: 30)
        #expect(view.press(.control("l")) == [.redraw])
        #expect(view.press(.control("c")) == [.quit])
    }

    @Test func controlZSuspendsAndKeepsTheInputLine() {
        var view = ChatView(rows: 8, columns: 30)
        view.type("half a thought")
        #expect(view.press(.control("z")) == [.suspend])
        #expect(view.editor.text == "half a thought")
        #expect(view.press(.enter) == [.send("half a thought")])
    }

    @Test func controlZKeepsAPasteWaitingForItsAnswer() {
        var view = ChatView(rows: 10, columns: 40)
        let text = (1...6).map { "line \($0)" }.joined(separator: "\n")
        view.press(.paste(text))
        #expect(view.press(.control("z")) == [.suspend])
        #expect(view.pendingPaste == text)
        #expect(view.press(.character("y")) == [.send(text)])
    }

    @Test func altKeysSelectWindows() {
        var view = ChatView(rows: 8, columns: 30)
        #expect(view.press(.alt("1"), .alt("9"), .alt("0")) == [
            .selectWindow(.number(1)), .selectWindow(.number(9)), .selectWindow(.number(10)),
        ])
        #expect(view.press(.altLeft, .altRight, .alt("a"), .alt("A")) == [
            .selectWindow(.previous), .selectWindow(.next), .selectWindow(.activity), .selectWindow(.activity),
        ])
        #expect(view.editor.isEmpty)
    }

    @Test func eachWindowKeepsItsOwnScrollPosition() {
        let lobbyLines = Fixtures.numbered(30)
        let devLines = Fixtures.numbered(30, first: 100)
        let dev = WindowID.room("#dev")
        var view = ChatView(rows: 8, columns: 30)
        view.show(.lobby, unreadAfter: nil)
        view.press(.pageUp, entries: lobbyLines)
        let scrolled = view.scrollState(in: lobbyLines)
        #expect(!scrolled.isFollowing)
        view.show(dev, unreadAfter: nil)
        #expect(view.viewport.isFollowing)
        view.press(.pageUp, .pageUp, entries: devLines)
        view.show(.lobby, unreadAfter: nil)
        #expect(view.scrollState(in: lobbyLines) == scrolled)
        view.press(.end, entries: lobbyLines)
        view.show(dev, unreadAfter: nil)
        #expect(view.scrollState(in: devLines).linesBelow == 10)
        view.keepWindows([.lobby])
        #expect(view.viewport.isFollowing)
    }

    @Test func theInputLineAndItsHistoryAreSharedByEveryWindow() {
        var view = ChatView(rows: 8, columns: 30)
        view.type("said in the lobby")
        view.press(.enter)
        view.type("half typed")
        view.show(.room("#dev"), unreadAfter: nil)
        #expect(view.editor.text == "half typed")
        view.press(.control("p"))
        #expect(view.editor.text == "said in the lobby")
        view.press(.control("n"))
        #expect(view.editor.text == "half typed")
    }

    @Test func resizeReportsWhetherTheSizeChanged() {
        var view = ChatView(rows: 8, columns: 30)
        let unchanged = view.resize(rows: 8, columns: 30)
        #expect(!unchanged)
        let changed = view.resize(rows: 5, columns: 20)
        #expect(changed)
        #expect(view.layout == ScreenLayout(rows: 5, columns: 20))
    }
}
