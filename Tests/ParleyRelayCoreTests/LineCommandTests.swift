import Testing

@testable import ParleyRelayCore

@Suite struct LineCommandTests {
    @Test(arguments: [
        ("hello there", LineCommand.say("hello there")),
        ("", .nothing),
        ("  ", .nothing),
        ("/me dances", .action("dances")),
        ("/ME dances", .action("dances")),
        ("/me", .usage("usage: /me TEXT")),
        ("/msg bob hi there", .privateMessage(to: "bob", text: "hi there")),
        ("/msg bob", .usage("usage: /msg NICK TEXT")),
        ("/nick  ada", .nick("ada")),
        ("/nick", .usage("usage: /nick NAME")),
        ("/who", .names(nil)),
        ("/quit", .quit("")),
        ("/quit see you", .quit("see you")),
        ("/help", .help),
        ("//etc/passwd", .say("/etc/passwd")),
        ("/dance", .unknown("dance")),
    ])
    func parses(line: String, command: LineCommand) {
        #expect(LineCommand(parsing: line) == command)
    }
}
