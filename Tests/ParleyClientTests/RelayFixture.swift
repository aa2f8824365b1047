import ParleyFaultProxy
import ParleyRelay

/// A real relay, in this process, on 127.0.0.1 and a free port. Call `stop()` (in a `defer`).
final class RelayFixture: Sendable {
    let server: RelayServer

    /// Starts a relay with the given rate limit, on `port` (0: a free one), keeping `history`
    /// messages per room, in `storage` if given (in memory only otherwise).
    init(
        host: String = "127.0.0.1", port: Int = 0, rate: Double = 5, burst: Int = 20,
        history: Int = RelayConfiguration.defaults.history, storage: RelayStorage? = nil
    ) throws {
        var configuration = RelayConfiguration(host: host, port: port, history: history, rate: rate, burst: burst)
        configuration.statsInterval = .zero
        configuration.logLevel = .critical
        configuration.shutdownGrace = .milliseconds(100)
        server = RelayServer(configuration: configuration, logger: RelayLogHandler.logger(level: .critical, format: .text), storage: storage)
        try server.start()
    }

    /// The port the relay listens on, TCP and UDP.
    var port: Int { server.port }

    /// `127.0.0.1:PORT`.
    var address: String { "127.0.0.1:\(port)" }

    /// Shuts the relay down.
    func stop() {
        server.shutdown()
    }
}

/// The fault-injecting UDP proxy in front of a relay.
extension FaultProxy {
    /// A started proxy towards `relay` losing `loss` of the datagrams in each direction.
    static func started(towards relay: RelayFixture, loss: Double = 0, seed: UInt64 = 7) throws -> FaultProxy {
        let rates = FaultRates(loss: loss)
        let proxy = FaultProxy(targetPort: UInt16(relay.port), plan: FaultPlan(upstream: rates, downstream: rates, seed: seed))
        try proxy.start()
        return proxy
    }

    /// `127.0.0.1:PORT`.
    var address: String { "127.0.0.1:\(port)" }
}
