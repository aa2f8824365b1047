import Testing

@testable import ParleyClientCore

@Suite struct CommandTests {
    @Test(arguments: [
        ("hello", Command.say("hello")),
        ("", .empty),
        ("   ", .empty),
        ("//slash", .say("/slash")),
        ("/me waves", .action("waves")),
        ("/ME  waves  ", .action("waves")),
        ("/me", .usage("usage: /me TEXT")),
        ("/msg bob hi there", .privateMessage(to: "bob", text: "hi there")),
        ("/msg bob", .usage("usage: /msg NICK TEXT")),
        ("/nick carol", .nick("carol")),
        ("/nick", .usage("usage: /nick NAME")),
        ("/who", .who),
        ("/quit", .quit(reason: "")),
        ("/quit gone fishing", .quit(reason: "gone fishing")),
        ("/help", .help),
        ("/clear", .clear),
        ("/bell on", .bell(true)),
        ("/bell OFF", .bell(false)),
        ("/bell", .bell(nil)),
        ("/bell maybe", .usage("usage: /bell on|off")),
        ("/foo bar", .unknown("foo")),
    ])
    func parses(line: String, expected: Command) {
        #expect(Command(parsing: line) == expected)
    }

    @Test func helpListsEveryCommand() {
        let help = Command.helpLines.joined(separator: "\n")
        for name in ["/me", "/msg", "/nick", "/who", "/quit", "/help", "/clear", "/bell"] {
            #expect(help.contains(name))
        }
    }
}
