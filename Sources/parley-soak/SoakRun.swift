import ParleyWire
import Glibc

/// What a soak run is asked to do.
struct SoakConfiguration {
    var relayBinary: String
    var relayLog: String
    var duration: Double
    var warmup: Double
    var clients: Int
    var udpClients: Int
    var lineClients: Int
    var churners: Int
    /// Messages per second per Parley client (line clients send at a fifth of it).
    var rate: Double
    var seed: UInt64
}

/// Runs the soak: joins every client, chats for `warmup`, samples the relay, chats with churn
/// until `duration`, brings everyone back, lets the last messages land, samples again, checks.
///
/// Guarded by: the one thread that calls `run`; every socket is polled from it.
final class SoakRun {
    let configuration: SoakConfiguration
    private var random: SplitMix64
    private var clients: [SoakClient] = []
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var leaves = 0
    private var samples: [(seconds: Double, sample: RelayProcess.Sample)] = []
    private var started = 0.0

    init(configuration: SoakConfiguration) {
        self.configuration = configuration
        random = SplitMix64(seed: configuration.seed)
    }

    func run() throws(SoakError) -> SoakReport {
        // Every soak client connects from 127.0.0.1: no per-address limit.
        let relay = try RelayProcess(binary: configuration.relayBinary, logPath: configuration.relayLog, arguments: ["--stats-interval", "10", "--max-per-address", "0", "--ephemeral"])
        defer { relay.stop() }
        let port = relay.port
        started = SoakClock.seconds()
        say("relay pid \(relay.pid) on 127.0.0.1:\(port); \(relay.sample())")

        // Everyone joins before anyone speaks, so every client must see every id from #1.
        let parleyClients = configuration.clients - configuration.lineClients
        for index in 0..<configuration.clients {
            let kind: SoakClient.Kind = index >= parleyClients ? .line : (index % parleyClients < configuration.udpClients ? .udp : .tcp)
            let churns = kind != .line && index > 0 && index % max(1, parleyClients / max(1, configuration.churners)) == 0
                && clients.count(where: \.churns) < configuration.churners
            clients.append(SoakClient(index: index, kind: kind, churns: churns))
        }
        clients[0].countsBySender = [:]
        let joinStarted = SoakClock.seconds()
        for (offset, client) in clients.enumerated() {
            try client.join(port: port, now: SoakClock.nanoseconds())
            if offset % 20 == 19 { try pump(for: 0.02) }
        }
        guard try pump(until: joinStarted + 60, { clients.allSatisfy(\.isJoined) }) else {
            throw .timedOut("joining (\(clients.count(where: \.isJoined)) of \(clients.count) joined)")
        }
        let joined = SoakClock.seconds() - joinStarted
        say("\(clients.count) clients joined in \(Int(joined * 1000)) ms (\(clients.count(where: { $0.kind == .tcp })) tcp, "
            + "\(clients.count(where: { $0.kind == .udp })) udp, \(configuration.lineClients) line; \(clients.count(where: \.churns)) of them churn)")

        // Warm-up: chat without churn, so that the history ring and every buffer reach their size.
        let now = SoakClock.seconds()
        for client in clients { client.nextSendAt = now + exponential(mean: 1 / rate(for: client)) }
        let end = started + configuration.duration
        let steady = min(now + configuration.warmup, end)
        try chat(until: steady, churn: false, relay: relay)
        try waitForQuiet(timeout: 10)
        let first = relay.sample()
        samples.append((SoakClock.seconds() - started, first))
        say("steady state: \(first)")

        // The soak proper: chatting, churning, sampling.
        for client in clients where client.churns { client.leaveAt = SoakClock.seconds() + uniform(2, 15) }
        try chat(until: end, churn: true, relay: relay)

        // Everyone back, the last echoes in, then the second sample.
        for client in clients {
            client.nextSendAt = .infinity
            client.leaveAt = .infinity
            if client.phase == .away { try client.join(port: port, now: SoakClock.nanoseconds()) }
        }
        let settled = try waitForQuiet(timeout: 30)
        let last = relay.sample()
        samples.append((SoakClock.seconds() - started, last))
        say("end: \(last)")
        let running = relay.isRunning
        for client in clients { client.leave(abruptly: false, reset: false, now: SoakClock.nanoseconds()) }
        relay.stop()
        return SoakReport(
            configuration: configuration, clients: clients, samples: samples, leaves: leaves, settled: settled,
            relayRan: running, seconds: SoakClock.seconds() - started)
    }

    private func rate(for client: SoakClient) -> Double {
        client.kind == .line ? configuration.rate / 5 : configuration.rate
    }

    /// Chats (and churns) until `deadline`, sampling the relay every 30 s.
    private func chat(until deadline: Double, churn: Bool, relay: RelayProcess) throws(SoakError) {
        var nextSample = SoakClock.seconds() + 30
        var nextStatus = SoakClock.seconds() + 30
        while SoakClock.seconds() < deadline {
            let now = SoakClock.seconds()
            let nanos = SoakClock.nanoseconds()
            for client in clients {
                if client.isJoined, now >= client.nextSendAt {
                    try client.say(filler: Int(random.next() % 200), now: nanos)
                    client.nextSendAt = now + exponential(mean: 1 / rate(for: client))
                }
                guard churn, client.churns else { continue }
                if client.isJoined, now >= client.leaveAt, client.outstanding.isEmpty {
                    let style = random.next() % 3
                    client.leave(abruptly: style != 0, reset: style == 2, now: nanos)
                    leaves += 1
                    client.leaveAt = .infinity
                    client.returnAt = now + uniform(0.5, 3)
                } else if client.phase == .away, now >= client.returnAt {
                    client.returnAt = .infinity
                    try client.join(port: relay.port, now: nanos)
                    client.leaveAt = now + uniform(5, 20)
                }
            }
            try pump(for: 0.005)
            if now >= nextSample {
                nextSample = now + 30
                samples.append((now - started, relay.sample()))
            }
            if now >= nextStatus {
                nextStatus = now + 30
                let delivered = clients.reduce(0) { $0 + $1.chatsReceived }
                say("\(Int(now - started)) s: last id #\(lastID), \(delivered) chats delivered, \(leaves) leaves, relay \(relay.sample())")
                guard relay.isRunning else { throw .relay("the relay exited during the soak") }
            }
        }
    }

    /// The highest chat id anyone has seen.
    private var lastID: UInt64 { clients.map(\.lastSeenID).max() ?? 0 }

    /// Pumps until every client has joined, has its echoes and has seen the last id.
    @discardableResult
    private func waitForQuiet(timeout: Double) throws(SoakError) -> Bool {
        try pump(until: SoakClock.seconds() + timeout) {
            let last = lastID
            return clients.allSatisfy { client in
                client.isJoined && client.outstanding.isEmpty && (client.kind == .line || client.lastSeenID == last)
            }
        }
    }

    @discardableResult
    private func pump(until deadline: Double, _ condition: () -> Bool) throws(SoakError) -> Bool {
        while !condition() {
            if SoakClock.seconds() >= deadline { return condition() }
            try pump(for: 0.01)
        }
        return true
    }

    /// One round of poll(2) over every client's socket, then their reads and link timers.
    private func pump(for seconds: Double) throws(SoakError) {
        var descriptors: [pollfd] = []
        var owners: [SoakClient] = []
        descriptors.reserveCapacity(clients.count)
        for client in clients {
            guard let socket = client.socket else { continue }
            descriptors.append(pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0))
            owners.append(client)
        }
        var wait = seconds
        let now = SoakClock.nanoseconds()
        for client in owners {
            if let deadline = client.linkDeadline { wait = min(wait, deadline > now ? Double(deadline - now) / 1e9 : 0) }
        }
        let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(wait * 1000))
        guard ready >= 0 || errno == EINTR else { throw .system("poll", errno) }
        let after = SoakClock.nanoseconds()
        for (slot, client) in owners.enumerated() {
            if descriptors[slot].revents != 0 {
                try client.pump(buffer: &buffer, now: after)
            } else if let deadline = client.linkDeadline, deadline <= after {
                try client.tickLink(now: after)
            }
        }
    }

    private func exponential(mean: Double) -> Double {
        let unit = Double(random.next() >> 11) / Double(1 << 53)
        return -mean * log(1 - unit)
    }

    private func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(random.next() >> 11) / Double(1 << 53)
    }

    private func say(_ line: String) {
        print("parley-soak: \(line)")
        fflush(nil)  // progress lines appear at once even when piped
    }
}
