import ArgumentParser
import ParleyRelay
import ParleyStoreSQLite

/// Where and how a relay serves: every `parley-relay` option, read into a `RelayConfiguration`.
///
/// Each default is `RelayConfiguration.defaults`' (durations in whole seconds), so `--help` shows
/// the very values a relay built without options would use.
public struct RelayOptions: ParsableArguments {
    @Option(help: "Address to listen on (default: every interface, IPv6 and IPv4).")
    public var host: String?

    @Option(help: "TCP and UDP port; 0 picks a free one.")
    public var port: Int = RelayConfiguration.defaults.port

    @Option(
        name: .customLong("history-max"),
        help: "Chat messages kept per room (and of private messages), in memory and in the store, for replay to new and returning clients.")
    public var historyMax: Int = RelayConfiguration.defaults.history

    @Option(
        name: .customLong("history-days"),
        help: "Forget messages older than this many days; 0: keep them until --history-max pushes them out.")
    public var historyDays: Int = RelayConfiguration.defaults.historyDays

    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "Where the relay keeps its database (created with mode 0700). Default: $XDG_STATE_HOME/parley, or ~/.local/state/parley.",
            valueName: "path"))
    public var dataDir: String?

    @Flag(help: "Keep everything in memory only: a restart forgets history, keys and resume tokens.")
    public var ephemeral = false

    /// For benchmarks only (hidden): others see a message before it is stored.
    @Flag(name: .customLong("deliver-before-commit"), help: .hidden)
    public var deliverBeforeCommit = false

    @Option(help: "Sustained messages per second per peer; 0 turns rate limiting off.")
    public var rate: Double = RelayConfiguration.defaults.rate

    @Option(help: "Messages a peer may send in a burst above the sustained rate.")
    public var burst: Int = RelayConfiguration.defaults.burst

    @Option(name: .customLong("max-peers"), help: "Most peers at once; the next is refused with 'server full'.")
    public var maxPeers: Int = RelayConfiguration.defaults.maxPeers

    @Option(
        name: .customLong("max-per-address"),
        help: "Most peers at once from one IPv4 address or IPv6 /64; 0: no limit.")
    public var maxPerAddress: Int = RelayConfiguration.defaults.maxPeersPerAddress

    @Option(
        name: .customLong("max-rooms"),
        help: "Most rooms at once (#lobby included); an empty room makes way for a new one, and when every room has members a new one is refused.")
    public var maxRooms: Int = RelayConfiguration.defaults.maxRooms

    @Option(
        name: .customLong("queue-limit"),
        help: "Bytes queued for one peer before it is disconnected as a slow consumer.")
    public var queueLimit: Int = RelayConfiguration.defaults.outboundQueueLimit

    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds of silence before a Parley peer is disconnected (pinged at half); 0: never.")
    public var idleTimeout: Int = RelayConfiguration.defaults.idleTimeout.wholeSeconds

    @Option(
        name: .customLong("line-idle-timeout"),
        help: "Seconds of silence before a plain-text peer is disconnected; 0: never.")
    public var lineIdleTimeout: Int = RelayConfiguration.defaults.lineIdleTimeout.wholeSeconds

    @Option(name: .customLong("stats-interval"), help: "Seconds between stats lines; 0: none.")
    public var statsInterval: Int = RelayConfiguration.defaults.statsInterval.wholeSeconds

    /// `--log-level` and `--log-format`.
    @OptionGroup public var log: LogOptions

    /// Only ever turns UDP off: without it the relay keeps its default (serving UDP).
    @Flag(name: .customLong("no-udp"), help: "Serve TCP only.")
    public var noUDP = false

    /// Options at their defaults; the parser fills in the rest.
    public init() {}

    /// The data directory these options name: `--data-dir`, or the default under
    /// `$XDG_STATE_HOME` (or `~/.local/state`); `nil` with `--ephemeral`.
    ///
    /// - Throws: `ValidationError` when there is no `--data-dir` and neither variable is usable.
    public func dataDirectory(environment: [String: String]) throws -> String? {
        guard !ephemeral else { return nil }
        if let dataDir { return dataDir }
        guard let path = DataDirectory.defaultPath(environment: environment) else {
            throw ValidationError("no --data-dir was given, and neither XDG_STATE_HOME nor HOME is set; give --data-dir PATH or --ephemeral")
        }
        return path
    }

    /// Refuses negative durations and whatever `RelayConfiguration.validate()` refuses, naming the option.
    public func validate() throws {
        let durations = [
            ("--idle-timeout", idleTimeout), ("--line-idle-timeout", lineIdleTimeout),
            ("--stats-interval", statsInterval),
        ]
        for (name, value) in durations where value < 0 {
            throw ValidationError("\(name) must not be negative")
        }
        if ephemeral && dataDir != nil {
            throw ValidationError("--ephemeral keeps nothing on disk, so it cannot be used with --data-dir")
        }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The relay these options describe; what no option sets keeps `RelayConfiguration.defaults`.
    public var configuration: RelayConfiguration {
        var configuration = RelayConfiguration.defaults
        if let host { configuration.host = host }
        configuration.port = port
        configuration.history = historyMax
        configuration.historyDays = historyDays
        configuration.deliversBeforeCommit = deliverBeforeCommit
        configuration.rate = rate
        configuration.burst = burst
        configuration.maxPeers = maxPeers
        configuration.maxPeersPerAddress = maxPerAddress
        configuration.maxRooms = maxRooms
        configuration.outboundQueueLimit = queueLimit
        configuration.idleTimeout = .seconds(idleTimeout)
        configuration.lineIdleTimeout = .seconds(lineIdleTimeout)
        configuration.statsInterval = .seconds(statsInterval)
        configuration.logLevel = log.level
        configuration.logFormat = log.format
        if noUDP { configuration.servesUDP = false }
        return configuration
    }
}
