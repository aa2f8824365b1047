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
        ("/query bob", .query("bob")),
        ("/query", .usage("usage: /query NICK")),
        ("/query bob hi", .usage("usage: /query NICK")),
        ("/close", .close),
        ("/join #dev", .join("#dev")),
        ("/JOIN  #Dev ", .join("#Dev")),
        ("/join", .usage("usage: /join #ROOM")),
        ("/join #a #b", .usage("usage: /join #ROOM")),
        ("/join dev", .join("dev")),
        ("/part", .part(room: nil, reason: "")),
        ("/part #dev", .part(room: "#dev", reason: "")),
        ("/part #dev gone fishing", .part(room: "#dev", reason: "gone fishing")),
        ("/part gone fishing", .part(room: nil, reason: "gone fishing")),
        ("/leave #dev", .part(room: "#dev", reason: "")),
        ("/list", .list),
        ("/list all", .usage("usage: /list")),
        ("/topic", .topic(nil)),
        ("/topic release day", .topic("release day")),
        ("/names", .names(room: nil)),
        ("/names #dev", .names(room: "#dev")),
        ("/who", .names(room: nil)),
        ("/nick carol", .nick("carol")),
        ("/nick", .usage("usage: /nick NAME")),
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

    @Test func helpListsEveryCommandAndTheWindowKeys() {
        let help = Command.helpLines.joined(separator: "\n")
        for name in Command.slashNames { #expect(help.contains(name), "\(name) missing from /help") }
        #expect(help.contains("Alt-1"))
        #expect(help.contains("Alt-A"))
    }
}
