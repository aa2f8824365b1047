import Dispatch
import Logging
import NIOCore
import NIOPosix
import ParleyRelayCore
import NIOConcurrencyHelpers

/// A Parley relay: TCP (framed and line clients) and UDP (the reliable link) on one port.
///
/// ```swift
/// let relay = RelayServer(configuration: RelayConfiguration(host: "127.0.0.1", port: 0), logger: logger)
/// try relay.start()
/// print("listening on", relay.port)
/// ...
/// relay.shutdown()  // peers are told "server shutting down"; returns within about 2 s
/// ```
///
/// Every connection runs on one event loop that also owns the relay's state, so the relay
/// needs no locks on its hot path. `start`, `shutdown`, `port` and `waitUntilClosed` may be
/// called from any thread, but never from inside the relay's own event loop.
public final class RelayServer: Sendable {
    /// What the relay was configured with.
    public let configuration: RelayConfiguration
    /// Where it keeps its history (`nil`: in memory only).
    private let storage: RelayStorage?
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    /// Guarded by its own lock (a pthread mutex, which ThreadSanitizer models; `Synchronization.Mutex` is a bare futex it cannot see).
    private let state = NIOLockedValueBox(State())
    /// Entered at `start`, left when the relay has closed; `waitUntilClosed` waits on it.
    private let running = DispatchGroup()

    private struct State: Sendable {
        enum Phase: Sendable { case idle, running, stopping, stopped }
        var phase = Phase.idle
        var port = 0
        var listeners: [any Channel] = []
        var datagram: (any Channel)?
        var engine: NIOLoopBound<RelayEngine>?
        var writer: StoreWriter?
        var ticker: RepeatedTask?
        /// `shutdown()` was called before `start()` had finished; `start()` stops at once.
        var stopRequested = false
    }

    /// A relay that will serve `configuration` once started, logging to `logger`, and keeping
    /// its history in `storage` (in memory only without one).
    public init(configuration: RelayConfiguration = RelayConfiguration(), logger: Logger, storage: RelayStorage? = nil) {
        self.configuration = configuration
        self.storage = storage
        self.logger = logger
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// A relay that logs to standard error as `configuration.logLevel` and `logFormat` say.
    public convenience init(configuration: RelayConfiguration) {
        self.init(configuration: configuration, logger: RelayLogHandler.logger(level: configuration.logLevel, format: configuration.logFormat))
    }

    deinit {
        group.shutdownGracefully { _ in }
    }

    /// The bound port (useful with port 0), or 0 before `start`.
    public var port: Int { state.withLockedValue { $0.port } }

    /// Binds TCP and UDP on the configured port and starts serving.
    ///
    /// - Throws: `RelayError.invalidConfiguration`, `.bindFailed` (the port is taken, the host
    ///   is not an address of this machine), `.alreadyStarted`.
    public func start() throws(RelayError) {
        try configuration.validate()
        let started = state.withLockedValue { state -> Bool in
            guard state.phase == .idle else { return false }
            state.phase = .running
            return true
        }
        guard started else { throw .alreadyStarted }
        let loop = group.next()
        let configuration = self.configuration
        let logger = self.logger
        let storage = self.storage
        do {
            let engine = try loop.submit {
                let engine = RelayEngine(configuration: configuration, logger: logger, eventLoop: loop, snapshot: storage?.snapshot)
                if let storage { engine.attach(storage.store) }
                return NIOLoopBound(engine, eventLoop: loop)
            }.wait()
            let writer = try loop.submit { engine.value.storeWriter }.wait()
            let (listeners, datagram, port) = try bind(engine: engine)
            let tick = TimeAmount.milliseconds(RelayServer.tickMilliseconds)
            let ticker = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in engine.value.tick() }
            running.enter()  // before the engine is visible: a concurrent shutdown() leaves it
            state.withLockedValue { state in
                state.engine = engine
                state.writer = writer
                state.listeners = listeners
                state.datagram = datagram
                state.port = port
                state.ticker = ticker
            }
            let stopRequested = state.withLockedValue { $0.stopRequested }
            let hosts = listeners.compactMap { $0.localAddress?.readable }.joined(separator: ", ")
            logger.notice("listening", metadata: ["port": "\(port)", "on": "\(hosts)", "udp": "\(configuration.servesUDP)"])
            if stopRequested { shutdown() }
        } catch {
            state.withLockedValue { $0.phase = .stopped }
            if let error = error as? RelayError { throw error }
            throw .bindFailed(host: configuration.host ?? "*", port: configuration.port, reason: "\(error)")
        }
    }

    /// How often the core's timers are checked.
    static let tickMilliseconds: Int64 = 200

    /// Stops the relay gracefully: stops accepting, sends every peer "server shutting down"
    /// (BYE to Parley clients, a notice to line clients, CLOSE on UDP links), waits up to
    /// `RelayConfiguration.shutdownGrace` for them to receive it, then closes everything.
    /// Returns once the relay is closed (within about 2 s). Calling it again does nothing;
    /// calling it before or during `start()` makes the relay stop as soon as it has started.
    public func shutdown() {
        let taken = state.withLockedValue { state -> State? in
            guard state.phase == .running, state.engine != nil else {
                // Not started yet, or still starting (a signal during start-up): stop once started.
                if state.phase == .idle || state.phase == .running { state.stopRequested = true }
                return nil
            }
            state.phase = .stopping
            return state
        }
        guard let taken, let engine = taken.engine else { return }
        taken.ticker?.cancel()
        let listeners = taken.listeners
        let datagram = taken.datagram
        let grace = TimeAmount.nanoseconds(Int64(clamping: configuration.shutdownGrace.milliseconds * 1_000_000))
        let loop = engine.eventLoop
        // Stop accepting first, then say goodbye and wait for the goodbyes to be written.
        let done = loop.flatSubmit {
            EventLoopFuture.andAllComplete(listeners.map { $0.close() }, on: loop)
                .flatMap { engine.value.shutdown(grace: grace) }
                .flatMap { datagram?.close() ?? loop.makeSucceededVoidFuture() }
        }
        _ = try? done.wait()
        // Every write asked for until now is committed (or has failed) before the loop stops.
        taken.writer?.finish()
        // The writer reports to the engine, and the engine holds the writer: let go of it, so
        // that both (and the store, which then closes its database) are freed.
        if taken.writer != nil { try? loop.submit { engine.value.storeWriter = nil }.wait() }
        try? group.syncShutdownGracefully()
        state.withLockedValue { state in
            state.phase = .stopped
            state.engine = nil
            state.writer = nil
            state.listeners = []
            state.datagram = nil
            state.ticker = nil
        }
        logger.notice("stopped")
        running.leave()
    }

    /// Blocks until the relay has been shut down (returns at once if it never started).
    public func waitUntilClosed() {
        running.wait()
    }
}
