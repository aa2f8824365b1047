import Glibc
import ParleyWire

/// Drives `clients` connections against a relay from one thread: connect them (a few joins in flight
/// at a time), let the relay's join chatter settle, send for `duration` seconds, drain what is in
/// flight, and report. Every phase is bounded in time, so a run always ends by itself.
///
/// Threading: none. Everything here is touched only from `run()`'s epoll loop.
final class LoadGenerator {
    let configuration: BenchConfiguration
    let factory: MessageFactory
    let address: SocketAddress
    let epoll: Epoll
    let clients: [BenchClient]
    let probe: RelayProbe?
    /// This run's token, carried in every message.
    let run: UInt16
    /// The UTF-8 name of each room (`#lobby` alone without `--rooms`): where a sender's SUBMITs go.
    let roomNames: [[UInt8]]
    var tally: Tally
    var report: BenchReport
    /// One receive buffer shared by every client (the loop reads one socket at a time).
    let readBuffer: UnsafeMutableRawBufferPointer

    var nextToStart = 0
    var joinsInFlight = 0
    var connectsStartedAt: UInt64 = 0
    var lastJoinAt: UInt64 = 0
    /// Clients that reached the room, whether or not they are still there.
    var joinedEver = 0
    var isSending = false
    var sendingStartedAt: UInt64 = 0

    /// How long a relay must stay quiet before measuring starts.
    static let quietPeriod: UInt64 = 300_000_000
    /// A sender stops adding messages while this many bytes wait in its socket queue.
    static let maxPendingBytes = 256 * 1024

    init(configuration: BenchConfiguration) throws(BenchError) {
        self.configuration = configuration
        factory = MessageFactory(mode: configuration.mode, textSize: configuration.size - 1)
        address = try SocketAddress(host: configuration.host, port: configuration.port)
        epoll = try Epoll()
        clients = (0..<configuration.clients).map { BenchClient(index: $0) }
        probe = configuration.relayPID.map { RelayProbe(pid: $0) }
        run = UInt16.random(in: 1...UInt16.max)
        tally = Tally(mode: configuration.mode, clients: configuration.clients, senders: configuration.senders, rooms: configuration.rooms)
        roomNames = configuration.rooms > 0
            ? (0..<configuration.rooms).map { Array(BenchConfiguration.roomName($0).utf8) } : [Array(RoomName.lobby.utf8)]
        readBuffer = .allocate(byteCount: 256 * 1024, alignment: 16)
        report = BenchReport(
            label: "", mode: configuration.mode.rawValue, clients: configuration.clients,
            senders: configuration.senders, rate: configuration.rate, window: configuration.window,
            size: configuration.size, idle: configuration.idle)
        report.rooms = configuration.rooms
    }

    deinit { readBuffer.deallocate() }

    /// Runs every phase and returns the report.
    func run(label: String) throws(BenchError) -> BenchReport {
        report.label = label
        if let problem = factory.selfCheckProblem() { throw .invalidConfiguration(problem) }
        report.descriptorLimit = Socket.raiseDescriptorLimit()
        report.relayBaselineRSSBytes = probe?.memory()?.resident
        let udpBefore = configuration.mode == .udp ? UDPCounters.current(port: configuration.port) : nil
        connectAll()
        if configuration.idle {
            hold()
        } else {
            settle()
            measure()
            drain()
        }
        if let udpBefore {
            let after = UDPCounters.current(port: configuration.port)
            report.udpRelaySocketDrops = after.relaySocketDrops &- udpBefore.relaySocketDrops
            report.udpClientSocketDrops = after.clientSocketDrops
        }
        closeAll()
        return report
    }

    /// Waits for events once and does whatever is due.
    func pump(timeoutMilliseconds: Int32) {
        epoll.wait(timeoutMilliseconds: timeoutMilliseconds) { index, readable, writable, failed in
            handle(clients[index], readable: readable, writable: writable, failed: failed)
        }
        if nextToStart < clients.count { startConnects() }
        if configuration.mode == .udp { tickLinks(now: MonotonicClock.now()) }
        if isSending { sendDue(now: MonotonicClock.now()) }
    }

    private func connectAll() {
        let ownBeforeJoining = Self.ownCPUSeconds()
        let relayBeforeJoining = probe?.cpuSeconds()
        connectsStartedAt = MonotonicClock.now()
        let deadline = connectsStartedAt + MonotonicClock.nanoseconds(configuration.connectTimeout)
        startConnects()
        while (nextToStart < clients.count || joinsInFlight > 0) && MonotonicClock.now() < deadline {
            pump(timeoutMilliseconds: 5)
        }
        // Whoever has not joined by the deadline is given up on, so no join chatter overlaps the measurement.
        nextToStart = clients.count
        for client in clients where client.state != .joined && client.state != .closed { close(client) }
        report.joined = joinedEver
        report.failedToJoin = clients.count - report.joined
        report.generatorJoinCPUSeconds = Self.ownCPUSeconds() - ownBeforeJoining
        report.relayJoinCPUSeconds = relayBeforeJoining.flatMap { before in probe?.cpuSeconds().map { $0 - before } }
        report.joinSeconds = Double((lastJoinAt > 0 ? lastJoinAt : MonotonicClock.now()) - connectsStartedAt) / 1e9
    }

    private func hold() {
        let end = MonotonicClock.now() + MonotonicClock.nanoseconds(configuration.hold)
        while MonotonicClock.now() < end { pump(timeoutMilliseconds: 10) }
        recordMemory()
        if let resident = report.relayRSSBytes, let baseline = report.relayBaselineRSSBytes, report.joined > 0 {
            report.relayRSSBytesPerConnection = Double(Int64(resident) - Int64(baseline)) / Double(report.joined)
        }
        report.droppedAfterJoin = report.joined - clients.count { $0.state == .joined }
    }

    private func settle() {
        let deadline = MonotonicClock.now() + MonotonicClock.nanoseconds(configuration.settle)
        tally.lastArrival = MonotonicClock.now()
        while true {
            let now = MonotonicClock.now()
            if now >= deadline || now - tally.lastArrival >= Self.quietPeriod { break }
            pump(timeoutMilliseconds: 5)
        }
    }

    private func measure() {
        let cpuBefore = probe?.cpuSeconds()
        let ownBefore = Self.ownCPUSeconds()
        sendingStartedAt = MonotonicClock.now()
        let end = sendingStartedAt + MonotonicClock.nanoseconds(configuration.duration)
        tally.isMeasuring = true
        isSending = true
        while MonotonicClock.now() < end { pump(timeoutMilliseconds: 1) }
        isSending = false
        tally.isMeasuring = false
        let elapsed = Double(MonotonicClock.now() - sendingStartedAt) / 1e9
        report.measuredSeconds = elapsed
        report.generatorCPUSeconds = Self.ownCPUSeconds() - ownBefore
        report.deliveriesPerSecond = Double(tally.deliveredInWindow) / elapsed
        if let cpuBefore, let cpuAfter = probe?.cpuSeconds() {
            report.relayCPUSeconds = cpuAfter - cpuBefore
            if tally.deliveredInWindow > 0 {
                report.relayCPUMicrosecondsPerDelivery = (cpuAfter - cpuBefore) * 1e6 / Double(tally.deliveredInWindow)
            }
        }
        recordMemory()
    }

    private func drain() {
        let deadline = MonotonicClock.now() + MonotonicClock.nanoseconds(configuration.drain)
        while tally.delivered < tally.expected {
            let now = MonotonicClock.now()
            if now >= deadline || now - tally.lastArrival > 2_000_000_000 { break }
            pump(timeoutMilliseconds: 5)
        }
        let peak = probe?.memory()?.peak
        report.relayPeakRSSBytes = peak ?? report.relayPeakRSSBytes
        report.droppedAfterJoin = report.joined - clients.count { $0.state == .joined }
        report.sent = tally.sent.reduce(0) { $0 + UInt64($1) }
        report.expected = tally.expected
        report.delivered = tally.delivered
        report.lost = tally.expected > tally.delivered ? tally.expected - tally.delivered : 0
        report.duplicates = tally.duplicates
        report.mangled = tally.mangled
        report.foreign = tally.foreign
        report.echoes = tally.echoes
        let latency = tally.latency
        report.latencyP50 = Double(latency.percentile(0.50)) / 1e6
        report.latencyP90 = Double(latency.percentile(0.90)) / 1e6
        report.latencyP99 = Double(latency.percentile(0.99)) / 1e6
        report.latencyMax = Double(latency.maximum) / 1e6
        report.latencyMean = latency.mean / 1e6
        let acknowledgement = tally.acknowledgement
        if acknowledgement.count > 0 {
            report.acknowledgementP50 = Double(acknowledgement.percentile(0.50)) / 1e6
            report.acknowledgementP99 = Double(acknowledgement.percentile(0.99)) / 1e6
        }
    }

    private func recordMemory() {
        guard let memory = probe?.memory() else { return }
        report.relayRSSBytes = memory.resident
        report.relayPeakRSSBytes = memory.peak
    }

    private func closeAll() {
        if configuration.mode == .udp { closeLinks() }
        for client in clients where client.descriptor >= 0 {
            Socket.close(client.descriptor)
            client.descriptor = -1
        }
    }

    private static func ownCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
