import ParleyFaultProxy
import ParleyLink

/// The near end for the real-socket tests: a `LinkClient` on a loopback UDP socket that sends
/// to one port (the fault proxy) and records what it is told.
///
/// The link state and the records are confined to the endpoint's queue, hence `@unchecked Sendable`.
final class UDPLinkClient: @unchecked Sendable {
    private var endpoint: LoopbackEndpoint!
    private let relay: UDPEndpoint
    // Guarded by `endpoint.queue`.
    private var client: LinkClient
    private var delivered: [[UInt8]] = []
    private var events: [LinkClientAction] = []

    init(relayPort: UInt16, configuration: LinkConfiguration, seed: UInt64 = 9) throws {
        relay = .loopback(port: relayPort)
        client = LinkClient(nonce: seed &* 1_000_003, configuration: configuration, seed: seed)
        endpoint = try LoopbackEndpoint(
            label: "test.link-client",
            onDatagram: { [unowned self] bytes, from in
                guard from == self.relay else { return }
                self.run(self.client.receive(bytes, now: LoopbackEndpoint.now))
            },
            onTimer: { [unowned self] in self.run(self.client.tick(now: LoopbackEndpoint.now)) }
        )
    }

    func start() { endpoint.queue.sync { run(client.start(now: LoopbackEndpoint.now)) } }

    func send(_ frames: [[UInt8]]) {
        endpoint.queue.sync {
            for frame in frames { run(client.send(frame: frame, now: LoopbackEndpoint.now)) }
        }
    }

    var deliveredFrames: [[UInt8]] { endpoint.queue.sync { delivered } }
    var deliveredCount: Int { endpoint.queue.sync { delivered.count } }
    var recordedEvents: [LinkClientAction] { endpoint.queue.sync { events } }
    var statistics: LinkStatistics { endpoint.queue.sync { client.statistics } }
    var isEstablished: Bool { endpoint.queue.sync { client.isEstablished } }

    func stop() {
        endpoint.queue.sync { run(client.close(now: LoopbackEndpoint.now)) }
        endpoint.stop()
    }

    /// Carries out the state machine's actions, in one switch. On `endpoint.queue`.
    private func run(_ actions: [LinkClientAction]) {
        for action in actions {
            switch action {
            case .send(let bytes): endpoint.send(bytes, to: relay)
            case .deliver(let frame): delivered.append(frame)
            case .established, .down, .up, .closed: events.append(action)
            }
        }
        endpoint.schedule(client.nextDeadline)
    }
}
