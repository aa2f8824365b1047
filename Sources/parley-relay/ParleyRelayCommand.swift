import ArgumentParser
import Dispatch
import Logging
import ParleyCommandLine
import ParleyRelay
import ParleyStoreModel
import ParleyStoreSQLite

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

            History, room topics, idempotency keys and resume tokens are kept in an SQLite database in the data directory, so a restart or a crash loses nothing the relay acknowledged: a message is delivered, and its sender's ✓ sent, only once it is committed. A power loss may take the last commits, never the file's integrity. --ephemeral keeps everything in memory instead.

            Examples:
              parley-relay                               port 7700, all interfaces
              parley-relay --host 127.0.0.1 --port 7800  loopback only
              parley-relay --rate 10 --burst 40 --history-max 5000
              parley-relay --data-dir /var/lib/parley --history-days 30
              parley-relay --ephemeral                   nothing on disk
              parley-relay --max-rooms 50                at most 50 rooms (#lobby included)
              parley-relay --rate 0 --stats-interval 1   benchmarking
              parley-relay --log-format json --log-level debug
              nc localhost 7700                          join as a plain-text client
            """
    )

    /// Every option, read into a `RelayConfiguration` (see ParleyCommandLine).
    @OptionGroup var options: RelayOptions

    func run() throws {
        let configuration = options.configuration
        let logger = RelayLogHandler.logger(level: configuration.logLevel, format: configuration.logFormat)
        var storage: RelayStorage?
        var environment: [String: String] = [:]
        for name in ["XDG_STATE_HOME", "HOME"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        if let directory = try options.dataDirectory(environment: environment) {
            do {
                let store = try SQLiteStore(directory: directory, retention: configuration.storeRetention)
                storage = try RelayStorage(store)
            } catch {
                logger.critical("cannot open the store: \(error.description)")
                throw ExitCode.failure
            }
            let rooms = storage?.snapshot.rooms.count ?? 0
            logger.notice("store opened", metadata: ["data-dir": "\(directory)", "rooms": "\(rooms)"])
        } else {
            logger.notice("ephemeral: history is kept in memory only")
        }
        let relay = RelayServer(configuration: configuration, logger: logger, storage: storage)
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

