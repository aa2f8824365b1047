import ParleyFaultProxy
import ParleyLink

/// The far end for the real-socket tests: a `LinkServer` on a loopback UDP socket that records
/// every delivered frame and, if asked, echoes it back on the same session.
///
/// The link state and the records are confined to the endpoint's queue, hence `@unchecked Sendable`.
final class UDPLinkServer: @unchecked Sendable {
    private var endpoint: LoopbackEndpoint!
    // Guarded by `endpoint.queue`.
    private var server: LinkServer
    private var delivered: [[UInt8]] = []
    private var events: [LinkServerAction] = []
    private let echo: Bool

    init(configuration: LinkConfiguration, echo: Bool) throws {
        server = LinkServer(secret: Array(200..<216), configuration: configuration, maxSessions: 16, seed: 5)
        self.echo = echo
        endpoint = try LoopbackEndpoint(
            label: "test.link-server",
            onDatagram: { [unowned self] bytes, from in
                self.run(self.server.receive(bytes, from: from.linkAddress, now: LoopbackEndpoint.now))
            },
            onTimer: { [unowned self] in self.run(self.server.tick(now: LoopbackEndpoint.now)) }
        )
    }

    var port: UInt16 { endpoint.socket.localPort }

    var deliveredFrames: [[UInt8]] { endpoint.queue.sync { delivered } }
    var recordedEvents: [LinkServerAction] { endpoint.queue.sync { events } }
    var sessionCount: Int { endpoint.queue.sync { server.sessionCount } }

    func stop() { endpoint.stop() }

    /// Carries out the state machine's actions, in one switch. On `endpoint.queue`.
    private func run(_ actions: [LinkServerAction]) {
        var pending = actions
        while !pending.isEmpty {
            let action = pending.removeFirst()
            switch action {
            case .send(let bytes, let address):
                if let to = UDPEndpoint(address) { endpoint.send(bytes, to: to) }
            case .deliver(let frame, let session):
                delivered.append(frame)
                if echo { pending += server.send(frame: frame, to: session, now: LoopbackEndpoint.now) }
            case .opened, .migrated, .closed:
                events.append(action)
            }
        }
        endpoint.schedule(server.nextDeadline)
    }
}
