import ArgumentParser
import ParleyClient
import ParleyClientCore
import ParleyCommandLine
import ParleyRelay

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `parley`: join a relay (or host one) and chat, full screen on a terminal or line by line in scripts.
@main
struct ParleyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A terminal chat: join a Parley relay, or host one here.",
        discussion: """
            With no address, parley joins the relay on localhost:7700, or, if none is running there, \
            hosts one itself on port 7700 (all interfaces) so that others can join.

            On a terminal parley runs full screen. When standard input or output is not a terminal, \
            or with --plain, it runs in line mode: every input line is sent (or run as a /command), \
            every chat line is printed as "[HH:MM:SS] <nick> text", and at the end of input it waits \
            for its messages to be delivered, then exits 0 if all were, 1 if any failed.

            Everyone starts in #lobby. Each room and each private conversation is a window of its own: \
            Alt-1 ... Alt-0 and Alt-Left/Right switch windows, Alt-A goes to the one with the most \
            important news. In line mode, a line from a room other than the current one shows its room.

            Commands: /join #ROOM, /part [#ROOM] [REASON], /list, /topic [TEXT], /names [#ROOM] (/who), \
            /query NICK, /close, /msg NICK TEXT, /me TEXT, /nick NAME, /bell on|off, /clear, /quit [REASON], /help.

            Examples:
              parley                          join localhost:7700, or host a relay there
              parley chat.example.org         a relay on its default port 7700
              parley 192.0.2.7:7800 --nick ada
              parley [::1]:7700 --udp         the same over the reliable UDP link
              parley --no-mouse               leave the mouse to the terminal (the wheel does not scroll)
              parley --plain --history 0 < notes.txt
              echo "build finished" | parley --plain --nick ci-bot
            """)

    /// Every option, read into a `ClientSessionConfiguration` (see ParleyCommandLine).
    @OptionGroup var options: ClientOptions

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let isTerminal = !options.plain && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let relayAddress = try options.relayAddress()

        var notices: [String] = []
        var embedded: RelayServer?
        if options.mayHost && !RelayProbe.isListening(port: RelayAddress.defaultPort) {
            let started = EmbeddedRelay.start(port: Int(RelayAddress.defaultPort), quiet: isTerminal)
            embedded = started.relay
            notices.append(started.notice)
        }

        let sessionConfiguration = options.sessionConfiguration(
            address: relayAddress, loginName: Self.loginName(), seed: UInt64.random(in: .min ... .max))
        let session = ClientSession(configuration: sessionConfiguration)
        for notice in notices { session.note(notice) }
        withExtendedLifetime(embedded) {
            if isTerminal {
                runTerminalMode(session: session, configuration: session.configuration, mouse: !options.noMouse)
            } else {
                LineMode.run(session: session)
            }
        }
    }

    /// The user's login name: `$LOGNAME`, `$USER`, or the password database.
    static func loginName() -> String {
        for variable in ["LOGNAME", "USER"] {
            if let value = getenv(variable), value.pointee != 0 { return String(cString: value) }
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ""
    }
}
