import ParleyRelay
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The relay `parley` starts inside itself when none is running on this machine, so that the one
/// command in the README gives a working chat.
enum EmbeddedRelay {
    /// Starts a relay on every interface at `port`.
    ///
    /// - Parameter quiet: log only critical problems (the full screen owns the terminal).
    /// - Returns: the running relay and the notice to show, or `nil` and the reason it could not start.
    static func start(port: Int, quiet: Bool) -> (relay: RelayServer?, notice: String) {
        var configuration = RelayConfiguration(host: nil, port: port)
        configuration.statsInterval = .zero
        configuration.logLevel = quiet ? .critical : .error
        let relay = RelayServer(configuration: configuration)
        do {
            try relay.start()
        } catch {
            return (nil, "could not host a relay: \(error)")
        }
        shutDownAtExit(relay)
        return (relay, "hosting on port \(relay.port) — others can join with `parley \(hostName())`")
    }

    /// The hosted relay, taken by the exit handler. Guarded by its mutex: set once on the main thread
    /// before the event loop starts, taken by whichever thread calls `exit`.
    private static let hosted = Mutex<RelayServer?>(nil)

    /// However `parley` ends (`/quit`, Ctrl-C, SIGTERM, a fatal error, end of input), the relay it
    /// hosts tells its peers the server is shutting down and flushes before the process goes; UDP
    /// peers would otherwise only notice when their link times out.
    private static func shutDownAtExit(_ relay: RelayServer) {
        hosted.withLock { $0 = relay }
        atexit {
            let relay = EmbeddedRelay.hosted.withLock { hosted -> RelayServer? in
                defer { hosted = nil }
                return hosted
            }
            relay?.shutdown()
        }
    }

    /// This machine's name, as others might reach it.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "<this host>" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "<this host>" : name
    }
}
