import Testing
@testable import ParleyUI

struct TabCompleterTests {
    let nicks = ["alice", "Albert", "bob"]
    let commands = ChatView.defaultCommands

    @Test func completesANickAtTheStartWithAColon() {
        var editor = LineEditor(text: "bo")
        var completer = TabCompleter()
        let changed = completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(changed)
        #expect(editor.text == "bob: ")
    }

    @Test func completesANickInsideTheLineWithASpace() {
        var editor = LineEditor(text: "hi BO")
        var completer = TabCompleter()
        completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(editor.text == "hi bob ")
    }

    @Test func cyclesThroughMatches() {
        var editor = LineEditor(text: "al")
        var completer = TabCompleter()
        completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(editor.text == "Albert: ")
        completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(editor.text == "alice: ")
        completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(editor.text == "Albert: ")
    }

    @Test func completesCommandsAtTheStartOnly() {
        var editor = LineEditor(text: "/ni")
        var completer = TabCompleter()
        completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(editor.text == "/nick ")
        var second = LineEditor(text: "/msg b")
        var fresh = TabCompleter()
        fresh.complete(&second, nicks: nicks, commands: commands)
        #expect(second.text == "/msg bob ")
    }

    @Test func keepsTextAfterTheCursor() {
        var editor = LineEditor(text: "bo said hi")
        editor.moveToStart()
        editor.moveRight()
        editor.moveRight()
        var completer = TabCompleter()
        completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(editor.text == "bob:  said hi")
        #expect(editor.cursor == 5)
    }

    @Test func noMatchChangesNothing() {
        var editor = LineEditor(text: "zed")
        var completer = TabCompleter()
        let changed = completer.complete(&editor, nicks: nicks, commands: commands)
        #expect(!changed)
        #expect(editor.text == "zed")
        var empty = LineEditor()
        let changedEmpty = completer.complete(&empty, nicks: nicks, commands: commands)
        #expect(!changedEmpty)
    }
}
