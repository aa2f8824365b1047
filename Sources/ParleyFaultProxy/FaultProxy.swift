import Dispatch
import Glibc

/// A UDP proxy on 127.0.0.1 that loses, duplicates, reorders and delays datagrams between
/// clients and a target port, as its `FaultPlan` decides, and can black-hole everything.
///
/// Each client address gets its own upstream socket, so the target sees one address per client.
/// All mutable state is confined to `queue`, a private serial queue: every read source, timer and
/// public method runs there (public methods through `queue.sync`), hence `@unchecked Sendable`.
public final class FaultProxy: @unchecked Sendable {
    private final class Upstream {
        let socket: UDPSocket
        let source: DispatchSourceRead
        init(socket: UDPSocket, source: DispatchSourceRead) {
            self.socket = socket
            self.source = source
        }
    }

    /// The most datagrams read per wake-up, so one busy socket cannot starve the others.
    private static let readBatch = 64

    private let queue = DispatchQueue(label: "parley.fault-proxy")
    private let target: UDPEndpoint
    private let maxClients: Int
    private let cancelled = DispatchGroup()
    // Guarded by `queue`.
    private var plan: FaultPlan
    private var listener: UDPSocket?
    private var listenerSource: DispatchSourceRead?
    private var upstreams: [UDPEndpoint: Upstream] = [:]
    private var running = false
    private var started = false
    private var boundPort: UInt16 = 0

    /// Creates a stopped proxy towards 127.0.0.1 at `targetPort`.
    ///
    /// - Parameter maxClients: the most client addresses served at once; datagrams from more are dropped.
    public init(targetPort: UInt16, plan: FaultPlan, maxClients: Int = 64) {
        target = .loopback(port: targetPort)
        self.plan = plan
        self.maxClients = maxClients
    }

    /// Binds 127.0.0.1 on `port` (0: any free port) and starts forwarding; returns the bound port.
    @discardableResult
    public func start(port: UInt16 = 0) throws(FaultProxyError) -> UInt16 {
        let result = queue.sync { () -> Result<UInt16, FaultProxyError> in
            guard !started else { return .failure(.alreadyStarted) }
            started = true
            let socket: UDPSocket
            do throws(FaultProxyError) {
                socket = try UDPSocket(loopbackPort: port)
            } catch {
                return .failure(error)
            }
            let source = DispatchSource.makeReadSource(fileDescriptor: socket.descriptor, queue: queue)
            source.setEventHandler { [weak self] in self?.readFromClients() }
            cancelled.enter()
            source.setCancelHandler { [cancelled] in
                socket.close()
                cancelled.leave()
            }
            listener = socket
            listenerSource = source
            running = true
            boundPort = socket.localPort
            source.resume()
            return .success(socket.localPort)
        }
        return try result.get()
    }

    /// The port clients should send to (0 before `start`).
    public var port: UInt16 { queue.sync { boundPort } }

    /// Stops forwarding, cancels every source and closes every socket; returns once they are closed.
    /// Datagrams still waiting out their delay are discarded.
    public func stop() {
        queue.sync {
            guard running else { return }
            running = false
            listenerSource?.cancel()
            listenerSource = nil
            for upstream in upstreams.values { upstream.source.cancel() }
            upstreams = [:]
        }
        _ = cancelled.wait(timeout: .now() + .seconds(5))
        queue.sync { listener = nil }
    }

    /// Drops all traffic, both ways, for `duration` from now.
    public func blackhole(for duration: Duration) {
        queue.sync { plan.blackhole(for: duration, now: DispatchTime.now().uptimeNanoseconds) }
    }

    /// Starts (`true`) or lifts (`false`) a black hole of unlimited length.
    public func setBlackhole(_ on: Bool) {
        queue.sync { plan.setBlackhole(on) }
    }

    /// Replaces the fault rates of both directions.
    public func setRates(upstream: FaultRates, downstream: FaultRates) {
        queue.sync {
            plan.upstream = upstream
            plan.downstream = downstream
        }
    }

    /// What happened so far in each direction.
    public var counters: (upstream: FaultPlan.Counters, downstream: FaultPlan.Counters) {
        queue.sync { (plan.upstreamCounters, plan.downstreamCounters) }
    }

    // MARK: - On `queue`

    private func readFromClients() {
        guard running, let listener else { return }
        for _ in 0..<Self.readBatch {
            guard let (bytes, client) = listener.receive() else { return }
            guard let upstream = upstream(for: client) else { continue }
            let target = self.target
            let socket = upstream.socket
            forward(bytes, direction: .upstream) { socket.send($0, to: target) }
        }
    }

    private func readFromTarget(for client: UDPEndpoint) {
        guard running, let upstream = upstreams[client], let listener else { return }
        for _ in 0..<Self.readBatch {
            guard let (bytes, from) = upstream.socket.receive() else { return }
            guard from == target else { continue }
            forward(bytes, direction: .downstream) { listener.send($0, to: client) }
        }
    }

    private func upstream(for client: UDPEndpoint) -> Upstream? {
        if let existing = upstreams[client] { return existing }
        guard upstreams.count < maxClients, let socket = try? UDPSocket() else { return nil }
        let source = DispatchSource.makeReadSource(fileDescriptor: socket.descriptor, queue: queue)
        source.setEventHandler { [weak self] in self?.readFromTarget(for: client) }
        cancelled.enter()
        source.setCancelHandler { [cancelled] in
            socket.close()
            cancelled.leave()
        }
        let upstream = Upstream(socket: socket, source: source)
        upstreams[client] = upstream
        source.resume()
        return upstream
    }

    private func forward(_ bytes: [UInt8], direction: FaultDirection, send: @escaping @Sendable ([UInt8]) -> Void) {
        for delay in plan.decide(direction, now: DispatchTime.now().uptimeNanoseconds) {
            if delay == 0 {
                send(bytes)
            } else {
                queue.asyncAfter(deadline: .now() + .nanoseconds(Int(min(delay, UInt64(Int.max))))) { [weak self] in
                    guard let self, self.running else { return }
                    send(bytes)
                }
            }
        }
    }
}
