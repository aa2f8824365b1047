import ArgumentParser
import Dispatch
import Logging
import ParleyRelay

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `parley-relay`: parse the command line, build a `RelayConfiguration`, serve until SIGINT/SIGTERM.
@main
struct ParleyRelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-relay",
        abstract: "The Parley chat relay: Parley clients over TCP and UDP, and nc/telnet users, on one port.",
        discussion: """
            Everyone starts in #lobby and may join other rooms (#name, created on first join); every member of a room sees its messages in one order. Parley clients that reconnect resume in each room where they left off; plain-text clients (nc, telnet, socat) can join too and type /help for commands. One log line per event goes to standard error, with a stats line every --stats-interval seconds. SIGINT or SIGTERM tells every peer the server is shutting down and exits within 2 seconds.

            Examples:
              parley-relay                               port 7700, all interfaces
              parley-relay --host 127.0.0.1 --port 7800  loopback only
              parley-relay --rate 10 --burst 40 --history 5000
              parley-relay --max-rooms 50                at most 50 rooms (#lobby included)
              parley-relay --rate 0 --stats-interval 1   benchmarking
              parley-relay --log-format json --log-level debug
              nc localhost 7700                          join as a plain-text client
            """
    )

    @Option(help: "Address to listen on (default: every interface, IPv6 and IPv4).")
    var host: String?

    @Option(help: "TCP and UDP port; 0 picks a free one.")
    var port: Int = 7700

    @Option(help: "Chat messages kept per room (and of private messages) for replay to new and returning clients.")
    var history: Int = 1000

    @Option(help: "Sustained messages per second per peer; 0 turns rate limiting off.")
    var rate: Double = 5

    @Option(help: "Messages a peer may send in a burst above the sustained rate.")
    var burst: Int = 20

    @Option(name: .customLong("max-peers"), help: "Most peers at once; the next is refused with 'server full'.")
    var maxPeers: Int = 10_000

    @Option(name: .customLong("max-per-address"), help: "Most peers at once from one IPv4 address or IPv6 /64; 0: no limit.")
    var maxPerAddress: Int = 64

    @Option(name: .customLong("max-rooms"), help: "Most rooms at once (#lobby included); an empty room makes way for a new one, and when every room has members a new one is refused.")
    var maxRooms: Int = 1000

    @Option(name: .customLong("queue-limit"), help: "Bytes queued for one peer before it is disconnected as a slow consumer.")
    var queueLimit: Int = 1 << 20

    @Option(name: .customLong("idle-timeout"), help: "Seconds of silence before a Parley peer is disconnected (pinged at half); 0: never.")
    var idleTimeout: Int = 60

    @Option(name: .customLong("line-idle-timeout"), help: "Seconds of silence before a plain-text peer is disconnected; 0: never.")
    var lineIdleTimeout: Int = 1800

    @Option(name: .customLong("stats-interval"), help: "Seconds between stats lines; 0: none.")
    var statsInterval: Int = 10

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(name: .customLong("log-format"), help: "text (readable) or json (one object per line).")
    var logFormat: String = "text"

    @Flag(name: .customLong("no-udp"), help: "Serve TCP only.")
    var noUDP = false

    mutating func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard RelayLogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format must be text or json") }
        for (name, value) in [("--idle-timeout", idleTimeout), ("--line-idle-timeout", lineIdleTimeout), ("--stats-interval", statsInterval)] where value < 0 {
            throw ValidationError("\(name) must not be negative")
        }
        do {
            try relayConfiguration().validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func relayConfiguration() -> RelayConfiguration {
        RelayConfiguration(
            host: host,
            port: port,
            history: history,
            rate: rate,
            burst: burst,
            maxPeers: maxPeers,
            maxPeersPerAddress: maxPerAddress,
            maxRooms: maxRooms,
            outboundQueueLimit: queueLimit,
            idleTimeout: .seconds(idleTimeout),
            lineIdleTimeout: .seconds(lineIdleTimeout),
            statsInterval: .seconds(statsInterval),
            logLevel: Logger.Level(rawValue: logLevel) ?? .info,
            logFormat: RelayLogFormat(rawValue: logFormat) ?? .text,
            servesUDP: !noUDP
        )
    }

    func run() throws {
        let configuration = relayConfiguration()
        let logger = RelayLogHandler.logger(level: configuration.logLevel, format: configuration.logFormat)
        let relay = RelayServer(configuration: configuration, logger: logger)
        // Listen for signals before binding, so that one arriving during start-up is not lost.
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { relay.shutdown() }
            source.resume()
            return source
        }
        do {
            try relay.start()
        } catch {
            logger.critical("\(error.description)")
            throw ExitCode.failure
        }
        relay.waitUntilClosed()
        signals.forEach { $0.cancel() }
    }
}
