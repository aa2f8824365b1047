import ArgumentParser
import Dispatch
import ParleyFaultProxy

/// `parley-proxy`: a fault-injecting UDP proxy on 127.0.0.1, for trying Parley's UDP link on a bad network.
@main
struct ParleyProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-proxy",
        abstract: "Forward UDP on 127.0.0.1 while losing, duplicating, reordering and delaying datagrams.",
        discussion: """
            Clients send to the listen port; the proxy forwards to the target through one upstream \
            socket per client, applying the same fault rates in each direction.

            Examples:
              parley-proxy --listen-port 7001 --target 127.0.0.1:7000 --loss 0.1
              parley-proxy --target 127.0.0.1:7000 --loss 0.3 --duplicate 0.05 --reorder 0.05 --seed 42
              parley-proxy --listen-port 7001 --target 127.0.0.1:7000 --delay-ms 50 --jitter-ms 20
            """
    )

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var listenPort: UInt16 = 0

    @Option(help: "Where to forward: 127.0.0.1:PORT (the proxy only talks to loopback).")
    var target: String

    @Option(help: "Probability of dropping a datagram, 0...1.")
    var loss: Double = 0

    @Option(help: "Probability of delivering a datagram twice, 0...1.")
    var duplicate: Double = 0

    @Option(help: "Probability of holding a datagram back so later ones overtake it, 0...1.")
    var reorder: Double = 0

    @Option(help: "Delay added to every datagram, in milliseconds.")
    var delayMs: Int = 0

    @Option(help: "Random extra delay, up to this many milliseconds.")
    var jitterMs: Int = 0

    @Option(help: "Seed of the fault decisions (equal seeds, equal decisions).")
    var seed: UInt64 = 1

    func validate() throws {
        guard targetPort != nil else { throw ValidationError("--target must be 127.0.0.1:PORT or localhost:PORT") }
        for (name, value) in [("loss", loss), ("duplicate", duplicate), ("reorder", reorder)] where !(0...1).contains(value) {
            throw ValidationError("--\(name) must be between 0 and 1")
        }
        guard delayMs >= 0, jitterMs >= 0 else { throw ValidationError("--delay-ms and --jitter-ms cannot be negative") }
    }

    private var targetPort: UInt16? {
        let parts = target.split(separator: ":")
        guard parts.count == 2, ["127.0.0.1", "localhost"].contains(parts[0]) else { return nil }
        return UInt16(parts[1])
    }

    func run() throws {
        let rates = FaultRates(
            loss: loss, duplicate: duplicate, reorder: reorder,
            delay: .milliseconds(delayMs), jitter: .milliseconds(jitterMs)
        )
        let proxy = FaultProxy(targetPort: targetPort ?? 0, plan: FaultPlan(upstream: rates, downstream: rates, seed: seed))
        let port = try proxy.start(port: listenPort)
        print("parley-proxy: listening on 127.0.0.1:\(port), forwarding to \(target)")
        dispatchMain()
    }
}
