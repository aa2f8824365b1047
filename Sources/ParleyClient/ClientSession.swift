import Dispatch
import ParleyClientCore
import ParleyWire

/// One running Parley client: the pure `ClientStateMachine`, a transport (TCP or UDP), a timer,
/// and whoever observes it (the screen, or line mode).
///
/// ```swift
/// let session = ClientSession(configuration: configuration)      // confined to .main
/// session.setObserver { effects in                                // runs on .main
///     MainActor.assumeIsolated { screen.apply(effects, state: session.state) }
/// }
/// session.start()
/// session.submit("hello")                                         // from any thread
/// dispatchMain()
/// ```
///
/// Concurrency: the machine, the transport handle and the timer are confined to `queue`
/// (`.main` unless told otherwise). Public methods may be called from any thread; they hop to
/// `queue` with `queue.async`, so calls made from one thread keep their order. Transports report
/// from their own queues and are hopped to `queue` too. `state` may be read on `queue` only.
/// Hence `@unchecked Sendable`.
public final class ClientSession: @unchecked Sendable {
    /// How many batches of received messages may wait for `queue` before the transport stops reading.
    static let maxBatchesInFlight = 8

    /// What the session was created with.
    public let configuration: ClientSessionConfiguration
    /// The serial queue that owns the state; the observer runs here.
    public let queue: DispatchQueue

    private var machine: ClientStateMachine
    private var transport: (any ClientTransport)?
    /// Increases with every transport, so a late report from an old one is recognised and dropped.
    private var generation = 0
    private var attempts = 0
    private var closingTransports = 0
    private var deferredExit: Int32?
    private var observer: (@Sendable ([ClientEffect]) -> Void)?
    private var timer: (any DispatchSourceTimer)?
    private var random = SystemRandomNumberGenerator()
    /// Notes given before `start()`, shown when it runs (after the observer is in place).
    private var earlyNotes: [String] = []

    /// A session that has not started; set an observer, then call `start()`.
    public init(configuration: ClientSessionConfiguration, queue: DispatchQueue = .main) {
        self.configuration = configuration
        self.queue = queue
        machine = ClientStateMachine(configuration: configuration.client)
    }

    /// The client's whole state: status, windows, outbox. Read it on `queue` only.
    public var state: ClientStateMachine {
        dispatchPrecondition(condition: .onQueue(queue))
        return machine
    }

    /// Sets the function that hears every batch of effects the core returns (scrollback lines
    /// appended or updated, status changes, bell, exit), on `queue`, after the shell has acted on
    /// them. `.exit(code:)` arrives only once the transport has said goodbye and closed.
    public func setObserver(_ observer: @escaping @Sendable ([ClientEffect]) -> Void) {
        queue.async { self.observer = observer }
    }

    /// Connects for the first time.
    public func start() {
        queue.async {
            guard self.timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: self.queue)
            // Weak: the session owns the timer, and a stopped session should be freed.
            timer.setEventHandler { [weak self] in self?.handle(.tick(now: ClientClock.wallMilliseconds())) }
            timer.schedule(deadline: .distantFuture)
            timer.resume()
            self.timer = timer
            let now = ClientClock.wallMilliseconds()
            self.handle(self.earlyNotes.map { .note($0, now: now) } + [.start(now: now)])
            self.earlyNotes = []
        }
    }

    /// Handles one typed line: a message, or a command such as `/nick` or `/quit`.
    public func submit(_ line: String) {
        queue.async { self.handle(.input(line, now: ClientClock.wallMilliseconds())) }
    }

    /// Puts another window on screen (Alt-1 … Alt-0, Alt-← →, Alt-A), after the lines
    /// submitted before.
    public func select(_ selection: WindowSelection) {
        queue.async { self.handle(.selectWindow(selection, now: ClientClock.wallMilliseconds())) }
    }

    /// Says that no more input will come (line mode at end of file): exit once everything sent is settled.
    public func endInput() {
        queue.async { self.handle(.inputEnded(now: ClientClock.wallMilliseconds())) }
    }

    /// Shows `text` as a notice from the program itself (e.g. "hosting on port 7700"); notes given
    /// before `start()` are shown when it runs, before anything else.
    public func note(_ text: String) {
        queue.async {
            if self.timer == nil {
                self.earlyNotes.append(text)
            } else {
                self.handle(.note(text, now: ClientClock.wallMilliseconds()))
            }
        }
    }

    /// Closes the connection at once, without waiting for pending messages (a signal, a crash of the UI).
    public func stop(then completion: @escaping @Sendable () -> Void) {
        queue.async {
            self.timer?.cancel()
            guard let transport = self.transport else {
                completion()
                return
            }
            self.transport = nil
            self.generation += 1
            transport.close(then: completion)
        }
    }

    // MARK: - Running the core

    private func handle(_ event: ClientEvent) {
        handle([event])
    }

    /// Feeds events to the core in order, acting on each one's effects before the next, then
    /// re-arms the timer and tells the observer once.
    private func handle(_ events: [ClientEvent]) {
        var all: [ClientEffect] = []
        for event in events {
            var effects = machine.handle(event)
            perform(&effects)
            all += effects
        }
        if let deadline = machine.nextDeadline {
            let now = ClientClock.wallMilliseconds()
            let delay = deadline > now ? Int(min(deadline - now, 86_400_000)) : 0
            timer?.schedule(deadline: .now() + .milliseconds(delay), leeway: .milliseconds(5))
        } else {
            timer?.schedule(deadline: .distantFuture)
        }
        if !all.isEmpty { observer?(all) }
    }

    /// Carries out transport effects; holds back `.exit` while a transport is still closing (it is
    /// reported by `transportClosed()` instead, so the goodbye is on its way before anyone exits).
    private func perform(_ effects: inout [ClientEffect]) {
        var kept: [ClientEffect] = []
        kept.reserveCapacity(effects.count)
        for effect in effects {
            switch effect {
            case .connect:
                connect()
            case .send(let message):
                transport?.send(message)
            case .disconnect:
                if let closing = transport {
                    transport = nil
                    generation += 1
                    closingTransports += 1
                    closing.close { self.queue.async { self.transportClosed() } }
                }
            case .exit(let code) where closingTransports > 0:
                deferredExit = code
                continue
            default:
                break
            }
            kept.append(effect)
        }
        effects = kept
    }

    private func transportClosed() {
        closingTransports -= 1
        guard closingTransports == 0, let code = deferredExit else { return }
        deferredExit = nil
        timer?.cancel()
        observer?([.exit(code: code)])
    }

    private func connect() {
        generation += 1
        attempts += 1
        let current = generation
        // Back-pressure: at most `maxBatchesInFlight` batches of messages wait for this session's
        // queue. Beyond that the transport's own queue blocks here, it stops reading, and the rest
        // waits in the kernel's socket buffer (where the relay's slow-consumer limit applies) instead
        // of piling up in memory ahead of the user's keystrokes.
        let credits = DispatchSemaphore(value: Self.maxBatchesInFlight)
        let report: @Sendable (TransportEvent) -> Void = { event in
            let isBatch = if case .messages = event { true } else { false }
            if isBatch { credits.wait() }
            self.queue.async {
                self.transportReported(event, generation: current)
                if isBatch { credits.signal() }
            }
        }
        let transport: any ClientTransport
        switch configuration.client.transport {
        case .udp:
            transport = UDPTransport(
                address: configuration.address, attempt: attempts - 1, configuration: configuration.link,
                seed: random.next(), onEvent: report)
        case .tcp, .line:
            transport = TCPTransport(
                address: configuration.address, connectTimeoutMilliseconds: configuration.connectTimeoutPerAddress,
                onEvent: report)
        }
        self.transport = transport
        transport.start()
    }

    private func transportReported(_ event: TransportEvent, generation: Int) {
        guard generation == self.generation else { return }
        let now = ClientClock.wallMilliseconds()
        switch event {
        case .up:
            handle(.transportUp(now: now))
        case .messages(let messages):
            handle(messages.map { .received($0, now: now) })
        case .malformed(let problem):
            handle(.malformedFrame(problem, now: now))
        case .quality(let quality):
            handle(.linkQuality(quality))
        case .down(let error):
            transport = nil
            handle(.transportDown(reason: error.description, now: now))
        }
    }
}
