import Logging
import NIOCore
import ParleyLink
import ParleyRelayCore
import ParleyStoreModel
import ParleyWire

/// The relay's imperative shell: turns channel events into `RelayEvent`s, runs them through the
/// pure `RelayCore`, and carries out the returned actions (`perform(_:)`, one switch).
///
/// Guarded by: `eventLoop`. The relay runs every channel on this one loop, so the core, the
/// connection table and the UDP link are only ever touched from it; no locks, no hops.
final class RelayEngine {
    let eventLoop: any EventLoop
    let configuration: RelayConfiguration
    let logger: Logger
    let clock = RelayClock()
    /// The pure decisions.
    var core: RelayCore
    /// How every peer is reached, by id: a TCP connection from accept to close, a UDP session
    /// from open to close. The shell's own record; recipients named by the core are looked up here.
    var peers: [PeerID: PeerRoute] = [:]
    /// TCP connections open (in `peers`), for shutdown's wait.
    var openStreams = 0
    /// UDP peers: the link state machine, and its sessions' peers.
    var link: LinkServer
    var sessionPeers: [UInt64: PeerID] = [:]
    var datagramChannel: (any Channel)?
    var datagramNeedsFlush = false
    /// Link sessions have something to transmit at the end of this pass.
    var linkFlushPending = false
    var addressCache: [LinkAddress: SocketAddress] = [:]
    var linkTimer: Scheduled<Void>?
    var linkTimerDeadline: UInt64?
    /// Connections written to since the last flush; flushed once per event-loop pass.
    var unflushed: [StreamConnection] = []
    var flushing: [StreamConnection] = []
    var flushScheduled = false
    var traffic = TrafficCounters()
    var lastSample: StatsSample?
    /// The addresses of peers whose connections just closed, until the core has heard of it:
    /// their routes are gone, but the log lines their departure causes still name where they
    /// came from. Emptied when `process` has run every queued event.
    var departed: [PeerID: String] = [:]
    /// Connections opened or closed since the last memory trim (see `trimMemoryAfterChurn`).
    var connectionChurn = 0
    var churnAtLastTick = 0
    var pendingFollowUpTrim = false
    var lastMemoryTrim: UInt64 = 0
    /// The store's writer (durable relays), and the writes of this pass waiting to go to it.
    var storeWriter: StoreWriter?
    var storeBatch: [StoreWrite] = []
    var storeThrough: StoreTicket?
    private var nextPeerNumber: UInt64 = 0
    private var queuedEvents: [RelayEvent] = []
    private var isHandling = false
    let preamble: ByteBuffer
    let emptyBuffer: ByteBuffer

    init(configuration: RelayConfiguration, logger: Logger, eventLoop: any EventLoop, snapshot: StoreSnapshot? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.eventLoop = eventLoop
        var generator = SystemRandomNumberGenerator()
        func secretKey() -> [UInt8] {
            var key: [UInt8] = []
            for _ in 0..<2 { withUnsafeBytes(of: generator.next()) { key += $0 } }
            return key
        }
        let settings = configuration.settings(
            seed: generator.next(), utcOffsetSeconds: RelayClock.localUTCOffset(), secret: secretKey(), durable: snapshot != nil)
        if let snapshot {
            core = RelayCore(settings: settings, restoring: snapshot)
        } else {
            core = RelayCore(settings: settings)
        }
        let secret = secretKey()
        let linkConfiguration = LinkConfiguration(
            linkTimeout: configuration.linkTimeout, maxQueuedBytes: configuration.outboundQueueLimit
        )
        let slack = configuration.maxPeers / 10 + 16
        link = LinkServer(
            secret: secret, configuration: linkConfiguration, maxSessions: configuration.maxPeers + slack,
            seed: generator.next(), batching: true
        )
        preamble = ByteBuffer(bytes: Preamble.bytes)
        emptyBuffer = ByteBuffer()
    }

    /// The core's clock: milliseconds since 1970, never backwards.
    var now: UInt64 { clock.now }

    /// A handle on this engine that closures scheduled on `eventLoop` may capture.
    var bound: NIOLoopBound<RelayEngine> { NIOLoopBound(self, eventLoop: eventLoop) }

    /// Runs one event through the core and carries out its actions. Events raised while actions
    /// are being carried out (a channel closing, a queue filling) wait their turn, so the core
    /// is never re-entered.
    func process(_ event: RelayEvent) {
        if isHandling {
            queuedEvents.append(event)
            return
        }
        isHandling = true
        var next: RelayEvent? = event
        while let event = next {
            let actions = core.handle(event)
            var index = 0
            while index < actions.count {
                guard case .deliver(_, let audience) = actions[index] else {
                    perform(actions[index])
                    index += 1
                    continue
                }
                // Consecutive deliveries to one audience (a batch of presence notices, a notice
                // and a message) are written to each recipient as one piece. Audiences are the core's
                // own member lists: arrays sharing storage compare without reading their elements.
                var end = index + 1
                while end < actions.count, case .deliver(_, let next) = actions[end], next == audience { end += 1 }
                deliver(actions[index..<end], to: audience)
                index = end
            }
            next = queuedEvents.isEmpty ? nil : queuedEvents.removeFirst()
        }
        isHandling = false
        if !departed.isEmpty { departed.removeAll(keepingCapacity: true) }
    }

    /// The TCP connection of a peer, if it is one.
    func stream(_ id: PeerID) -> StreamConnection? {
        guard case .stream(let connection)? = peers[id] else { return nil }
        return connection
    }

    /// The UDP session of a peer, if it is one.
    func session(_ id: PeerID) -> UInt64? {
        guard case .link(let session)? = peers[id] else { return nil }
        return session
    }

    func makePeerID() -> PeerID {
        nextPeerNumber += 1
        return PeerID(nextPeerNumber)
    }

    // MARK: TCP channel events

    /// A TCP connection was accepted: give it an id (before anything can close it).
    func register(_ channel: any Channel) -> PeerID {
        let id = makePeerID()
        peers[id] = .stream(StreamConnection(id: id, channel: channel))
        openStreams += 1
        noteConnectionChurn()
        logger.debug("connection accepted", metadata: ["peer": "\(id)", "address": "\(channel.remoteAddress?.readable ?? "?")"])
        return id
    }

    /// Tells the core about a registered connection (it may turn it away at once).
    func opened(_ id: PeerID) {
        let address = stream(id)?.channel.remoteAddress.map { PeerAddress.key(LinkAddress($0).ipBytes) } ?? ""
        process(.streamOpened(id, from: address, now: now))
    }

    /// Bytes arrived from a TCP peer.
    func received(_ buffer: ByteBuffer, from id: PeerID) {
        traffic.bytesIn += UInt64(buffer.readableBytes)
        guard let connection = stream(id), !connection.isClosing else { return }
        process(.streamBytes(id, Array(buffer.readableBytesView), now: now))
    }

    /// The peer shut down its sending side.
    func inputClosed(_ id: PeerID) {
        process(.inputClosed(id, now: now))
    }

    /// The channel is closed, whoever closed it.
    func closed(_ id: PeerID, failure: (any Error)?) {
        noteConnectionChurn()
        if case .stream(let connection)? = peers.removeValue(forKey: id) {
            openStreams -= 1
            connection.isClosing = true
            connection.outbox = nil
            departed[id] = connection.channel.remoteAddress?.readable ?? "?"
        }
        process(.disconnected(id, reason: failure == nil ? .quit : .error, now: now))
    }

    /// After a flush, more than the queue limit is still waiting for this peer's socket.
    func backlogged(_ id: PeerID) {
        guard let connection = stream(id), !connection.reportedBacklog, !connection.isClosing else { return }
        connection.reportedBacklog = true
        let bytes = max(connection.bufferedBytes, configuration.outboundQueueLimit + 1)
        process(.backlogged(id, bytes: bytes, now: now))
    }

    // MARK: Timers

    /// The periodic tick: timeouts, pings, statistics.
    func tick() {
        process(.tick(now: now))
        checkLinkBacklogs()
        trimMemoryAfterChurn()
    }

    // MARK: The store

    /// From now on, writes go to `store` through a writer of their own.
    func attach(_ store: any RelayStore) {
        let bound = self.bound
        let loop = eventLoop
        storeWriter = StoreWriter(store: store) { outcome in
            loop.execute { bound.value.storeAnswered(outcome) }
        }
    }

    /// Hands this pass's writes to the writer (at the end of the pass, before sockets are flushed).
    func submitStoreBatch() {
        guard let through = storeThrough else { return }
        storeThrough = nil
        let writes = storeBatch
        storeBatch.removeAll(keepingCapacity: true)
        storeWriter?.submit(StoreWriter.Batch(writes: writes, through: through))
    }

    /// A transaction committed or failed.
    func storeAnswered(_ outcome: StoreWriter.Outcome) {
        switch outcome {
        case .stored(let through): process(.stored(through: through, now: now))
        case .failed(let through, let reason): process(.storeFailed(through: through, reason: reason, now: now))
        }
    }

    /// Says goodbye to every peer, then waits (at most `grace`) for their connections to close.
    func shutdown(grace: TimeAmount) -> EventLoopFuture<Void> {
        process(.shutdown(now: now))
        flushAll()
        let promise = eventLoop.makePromise(of: Void.self)
        let deadline = NIODeadline.now() + grace
        waitForStreams(until: deadline, promise: promise)
        return promise.futureResult
    }

    private func waitForStreams(until deadline: NIODeadline, promise: EventLoopPromise<Void>) {
        if openStreams == 0 || NIODeadline.now() >= deadline {
            for case .stream(let connection) in peers.values { connection.channel.close(promise: nil) }
            linkTimer?.cancel()
            linkTimer = nil
            promise.succeed(())
            return
        }
        let bound = self.bound
        eventLoop.scheduleTask(in: .milliseconds(10)) {
            bound.value.waitForStreams(until: deadline, promise: promise)
        }
    }
}
