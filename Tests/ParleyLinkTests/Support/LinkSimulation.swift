import ParleyFaultProxy
import ParleyLink
import ParleyWire

/// Two in-memory ends of a link (a `LinkClient` and a `LinkServer`) exchanging datagrams through
/// a seeded faulty pipe, with a fake clock that jumps from event to event.
struct LinkSimulation {
    struct Pending {
        var at: UInt64
        var order: Int
        var toServer: Bool
        var bytes: [UInt8]
        var from: LinkAddress
    }

    static let start: UInt64 = 1_000 * 1_000_000_000
    /// One-way latency of the pipe.
    var latency: UInt64 = 1_000_000
    var now: UInt64 = LinkSimulation.start
    var client: LinkClient
    var server: LinkServer
    var plan: FaultPlan
    var clientAddress = LinkAddress(ipv4: (10, 0, 0, 1), port: 5000)
    var pending: [Pending] = []
    var order = 0
    var serverDelivered: [[UInt8]] = []
    var clientDelivered: [[UInt8]] = []
    var clientActions: [LinkClientAction] = []
    var serverActions: [LinkServerAction] = []
    var session: UInt64?
    /// When set, the server echoes every frame back to the client.
    var echo = false

    /// Both ends use `configuration`, unless `serverConfiguration` gives the server its own.
    init(
        configuration: LinkConfiguration = .fast, serverConfiguration: LinkConfiguration? = nil,
        plan: FaultPlan = FaultPlan(seed: 1), seed: UInt64 = 7
    ) {
        client = LinkClient(nonce: seed &* 31 &+ 5, configuration: configuration, seed: seed)
        let relay = serverConfiguration ?? configuration
        server = LinkServer(secret: Array(0..<16), configuration: relay, maxSessions: 8, seed: seed &+ 1)
        self.plan = plan
    }

    mutating func start() {
        handle(client.start(now: now))
    }

    mutating func clientSend(_ frame: [UInt8]) {
        handle(client.send(frame: frame, now: now))
    }

    mutating func serverSend(_ frame: [UInt8]) {
        guard let session else { return }
        handle(server.send(frame: frame, to: session, now: now))
    }

    mutating func handle(_ actions: [LinkClientAction]) {
        clientActions += actions
        for action in actions {
            switch action {
            case .send(let bytes): transmit(bytes, toServer: true)
            case .deliver(let frame): clientDelivered.append(frame)
            default: break
            }
        }
    }

    mutating func handle(_ actions: [LinkServerAction]) {
        serverActions += actions
        for action in actions {
            switch action {
            case .send(let bytes, _): transmit(bytes, toServer: false)
            case .deliver(let frame, let id):
                serverDelivered.append(frame)
                if echo { handle(server.send(frame: frame, to: id, now: now)) }
            case .opened(let id, _): session = id
            default: break
            }
        }
    }

    mutating func transmit(_ bytes: [UInt8], toServer: Bool) {
        for delay in plan.decide(toServer ? .upstream : .downstream, now: now) {
            order += 1
            pending.append(Pending(at: now + latency + delay, order: order, toServer: toServer, bytes: bytes, from: clientAddress))
        }
    }

    /// Runs until `done` holds or the fake clock has advanced by `limit` nanoseconds; returns whether `done` held.
    mutating func run(for limit: UInt64, until done: (LinkSimulation) -> Bool = { _ in false }) -> Bool {
        let end = now + limit
        while !done(self) {
            var next = end
            if let first = pending.min(by: { ($0.at, $0.order) < ($1.at, $1.order) }) { next = min(next, first.at) }
            if let d = client.nextDeadline { next = min(next, d) }
            if let d = server.nextDeadline { next = min(next, d) }
            now = max(now, next)
            if now >= end, next >= end { return done(self) }
            if let index = pending.indices.filter({ pending[$0].at <= now }).min(by: {
                (pending[$0].at, pending[$0].order) < (pending[$1].at, pending[$1].order)
            }) {
                let datagram = pending.remove(at: index)
                if datagram.toServer {
                    handle(server.receive(datagram.bytes, from: datagram.from, now: now))
                } else {
                    handle(client.receive(datagram.bytes, now: now))
                }
                continue
            }
            if let d = client.nextDeadline, d <= now { handle(client.tick(now: now)) }
            if let d = server.nextDeadline, d <= now { handle(server.tick(now: now)) }
        }
        return true
    }
}

extension LinkConfiguration {
    /// Fast timers for tests over loopback or the fake pipe.
    static let fast = LinkConfiguration(
        linkTimeout: .seconds(15), keepaliveInterval: .seconds(3), initialRTO: .milliseconds(50),
        minRTO: .milliseconds(10), maxRTO: .seconds(1)
    )
}

/// A Parley-shaped frame: a 5-byte header (length, type) and a body holding `index`, padded to `size` bytes.
func testFrame(_ index: Int, size: Int) -> [UInt8] {
    let size = max(size, 9)
    var w = ByteWriter(capacity: size)
    w.write(UInt32(size - 5))
    w.write(UInt8(0x42))
    w.write(UInt32(index))
    for i in 0..<(size - 9) { w.write(UInt8(truncatingIfNeeded: index &+ i)) }
    return w.bytes
}

/// The frame sizes of a test run: mostly small, every seventh larger than one datagram, a few at the 64 KiB maximum.
func testFrameSize(_ index: Int) -> Int {
    if index % 250 == 3 { return Limits.maxFrameBytes }
    if index % 7 == 0 { return 1_000 + (index * 37) % 4_000 }
    return 20 + (index * 13) % 300
}

extension Array where Element == LinkClientAction {
    /// The bytes of every `.send`.
    var sent: [[UInt8]] {
        compactMap { if case .send(let bytes) = $0 { return bytes } else { return nil } }
    }
}

extension Array where Element == LinkServerAction {
    /// The bytes of every `.send`.
    var sent: [[UInt8]] {
        compactMap { if case .send(let bytes, _) = $0 { return bytes } else { return nil } }
    }
}
