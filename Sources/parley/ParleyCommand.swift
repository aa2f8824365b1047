import ArgumentParser
import ParleyClient
import ParleyClientCore
import ParleyLink
import ParleyRelay
import ParleyWire

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

            Commands: /me TEXT, /msg NICK TEXT, /nick NAME, /who, /bell on|off, /clear, /quit [REASON], /help.

            Examples:
              parley                          join localhost:7700, or host a relay there
              parley chat.example.org         a relay on its default port 7700
              parley 192.0.2.7:7800 --nick ada
              parley [::1]:7700 --udp         the same over the reliable UDP link
              parley --no-mouse               leave the mouse to the terminal (the wheel does not scroll)
              parley --plain --history 0 < notes.txt
              echo "build finished" | parley --plain --nick ci-bot
            """)

    @Argument(help: "The relay: host, host:port, or [IPv6]:port (default: localhost:7700).")
    var address: String?

    @Option(help: "Your nick: letters, digits, '_', '-', '.' (default: your login name).")
    var nick: String?

    @Flag(help: "Use the reliable UDP link instead of TCP (same as --transport udp).")
    var udp = false

    @Option(help: "tcp (default) or udp.")
    var transport: TransportChoice?

    @Flag(help: "Line mode even on a terminal, for scripts and bots.")
    var plain = false

    @Option(help: "How many recent messages to show when joining (default: the relay's choice).")
    var history: UInt16?

    @Option(help: "At the end of input, how long to wait for messages to be delivered, in seconds.")
    var drainTimeout: Double = 10

    @Flag(help: "Never host a relay, even if none is running on localhost:7700.")
    var noHost = false

    @Flag(
        name: .customLong("no-mouse"),
        help: ArgumentHelp(
            "Leave the mouse to the terminal, for selecting text; the wheel does not scroll.",
            discussion: "By default the mouse wheel scrolls the full screen; while parley reads the mouse, most "
                + "terminals still select text with Shift held. PageUp and PageDown scroll either way."))
    var noMouse = false

    @Option(help: .hidden)
    var linkTimeout: Double?

    @Option(help: .hidden)
    var reconnectDelay: Double?

    /// The transports a user can pick.
    enum TransportChoice: String, ExpressibleByArgument, CaseIterable {
        case tcp
        case udp
    }

    func validate() throws {
        if let nick, let problem = Nick.problem(with: nick) {
            throw ValidationError("--nick \(nick): \(problem)")
        }
        if udp && transport == .tcp { throw ValidationError("--udp and --transport tcp contradict each other") }
        if !(drainTimeout > 0 && drainTimeout <= 3600) { throw ValidationError("--drain-timeout must be between 0 and 3600 seconds") }
        if let linkTimeout, !(linkTimeout >= 0.5 && linkTimeout <= 600) {
            throw ValidationError("--link-timeout must be between 0.5 and 600 seconds")
        }
        if let address {
            do {
                _ = try RelayAddress(parsing: address)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let isTerminal = !plain && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let relayAddress = try address.map { try RelayAddress(parsing: $0) } ?? RelayAddress(host: "localhost")

        var notices: [String] = []
        var embedded: RelayServer?
        if address == nil && !noHost && !RelayProbe.isListening(port: RelayAddress.defaultPort) {
            let started = EmbeddedRelay.start(port: Int(RelayAddress.defaultPort), quiet: isTerminal)
            embedded = started.relay
            notices.append(started.notice)
        }

        let session = ClientSession(configuration: sessionConfiguration(address: relayAddress))
        for notice in notices { session.note(notice) }
        withExtendedLifetime(embedded) {
            if isTerminal {
                runTerminalMode(session: session, configuration: session.configuration, mouse: !noMouse)
            } else {
                LineMode.run(session: session)
            }
        }
    }

    private func sessionConfiguration(address: RelayAddress) -> ClientSessionConfiguration {
        let chosenTransport: Transport = udp || transport == .udp ? .udp : .tcp
        var client = ClientConfiguration(
            nick: nick ?? NickSuggestion.nick(fromLoginName: Self.loginName()),
            relayName: address.description,
            transport: chosenTransport,
            history: history ?? Hello.defaultHistory,
            drainTimeout: UInt64(drainTimeout * 1000),
            seed: UInt64.random(in: .min ... .max))
        if let reconnectDelay, reconnectDelay > 0 {
            client.backoff = Backoff(initialDelay: UInt64(reconnectDelay * 1000), maximumDelay: max(30_000, UInt64(reconnectDelay * 1000)))
        }
        var link = LinkConfiguration()
        if let linkTimeout {
            link.linkTimeout = .milliseconds(Int64(linkTimeout * 1000))
            // A fifth of the timeout, but never slower than the default: the relay closes a link
            // it hears nothing on for its own link timeout (15 s), however patient this client is.
            let keepalive = Duration.milliseconds(Int64(max(100, linkTimeout * 1000 / 5)))
            link.keepaliveInterval = min(link.keepaliveInterval, keepalive)
        }
        return ClientSessionConfiguration(address: address, client: client, link: link)
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
