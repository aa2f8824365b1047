import Dispatch
import ParleyClientCore
import ParleyLink
import ParleyWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Parley over the reliable UDP link: a `LinkClient` driving a connected, non-blocking UDP socket,
/// with one Dispatch timer armed to the link's `nextDeadline` (no polling).
///
/// Concurrency: every stored `var` is touched only on `queue` (a private serial queue): the public
/// methods hop there with `queue.async`; the read source and the timer deliver there.
/// Hence `@unchecked Sendable`.
final class UDPTransport: ClientTransport, @unchecked Sendable {
    private let address: RelayAddress
    /// Which of the resolved addresses to use: successive attempts rotate through them, since a
    /// UDP "connect" cannot tell a listening relay from a silent one.
    private let attempt: Int
    private let onEvent: @Sendable (TransportEvent) -> Void
    private let queue = DispatchQueue(label: "parley.client.udp")

    private var link: LinkClient
    private var descriptor: Int32 = -1
    private var readSource: (any DispatchSourceRead)?
    private var timer: (any DispatchSourceTimer)?
    private var isEstablished = false
    private var isClosed = false
    private var reportedQuality: LinkQuality?
    private var receiveBuffer = [UInt8](repeating: 0, count: 2048)
    private var inbound = RelayInbound(.frames)

    /// A transport to `address` over a fresh link; `onEvent` runs on the transport's queue.
    init(
        address: RelayAddress, attempt: Int, configuration: LinkConfiguration, seed: UInt64,
        onEvent: @escaping @Sendable (TransportEvent) -> Void
    ) {
        self.address = address
        self.attempt = attempt
        self.onEvent = onEvent
        var random = SplitMix64(seed: seed)
        link = LinkClient(nonce: random.next(), configuration: configuration, seed: random.next())
    }

    func start() {
        queue.async { self.open() }
    }

    func send(_ message: ClientMessage) {
        let frame = message.encoded()
        queue.async {
            guard !self.isClosed else { return }
            self.run(self.link.send(frame: frame, now: ClientClock.monotonicNanoseconds()))
        }
    }

    func close(then completion: @escaping @Sendable () -> Void) {
        queue.async {
            if !self.isClosed {
                // Sends CLOSE (and any last DATA) once; the relay's session ends at once.
                let actions = self.link.close(now: ClientClock.monotonicNanoseconds())
                for case .send(let bytes) in actions { self.transmit(bytes) }
                self.isClosed = true
                self.release()
            }
            completion()
        }
    }

    // MARK: - Opening

    private func open() {
        guard !isClosed else { return }
        let candidates: [ResolvedAddress]
        do {
            candidates = try ResolvedAddress.resolve(host: address.host, port: address.port, datagram: true)
        } catch {
            fail(error)
            return
        }
        let candidate = candidates[attempt % candidates.count]
#if canImport(Glibc)
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
#else
        let type = SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK
#endif
        let socket = Glibc.socket(candidate.family, type, 0)
        guard socket >= 0 else {
            fail(.system(operation: "socket", errno: errno))
            return
        }
        // A connected UDP socket only hears from the relay, and learns of ICMP "port unreachable".
        guard candidate.withSocketAddress({ Glibc.connect(socket, $0, $1) }) == 0 else {
            let code = errno
            Glibc.close(socket)
            fail(.system(operation: "connect to \(candidate)", errno: code))
            return
        }
        descriptor = socket
        let reader = DispatchSource.makeReadSource(fileDescriptor: socket, queue: queue)
        reader.setEventHandler { self.receiveAvailable() }
        reader.setCancelHandler { Glibc.close(socket) }
        let clock = DispatchSource.makeTimerSource(queue: queue)
        clock.setEventHandler { self.tick() }
        clock.schedule(deadline: .distantFuture)
        readSource = reader
        timer = clock
        reader.resume()
        clock.resume()
        run(link.start(now: ClientClock.monotonicNanoseconds()))
    }

    // MARK: - Driving the link

    private func receiveAvailable() {
        guard !isClosed else { return }
        var actions: [LinkClientAction] = []
        // Drain what is queued, but yield after a batch so timers and sends get their turn.
        for _ in 0..<64 {
            let count = receiveBuffer.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                actions += link.receive(Array(receiveBuffer[0..<count]), now: ClientClock.monotonicNanoseconds())
                continue
            }
            let code = errno
            if count < 0 && code == EINTR { continue }
            if count < 0 && code == ECONNREFUSED {
                // ICMP port unreachable: nobody listens there. Fatal only before the handshake completes.
                if !isEstablished {
                    run(actions)
                    fail(.system(operation: "connect to \(address)", errno: code))
                    return
                }
                continue
            }
            break
        }
        run(actions)
    }

    private func tick() {
        guard !isClosed else { return }
        run(link.tick(now: ClientClock.monotonicNanoseconds()))
    }

    private func run(_ actions: [LinkClientAction]) {
        var messages: [RelayMessage] = []
        for action in actions {
            guard !isClosed else { return }
            switch action {
            case .send(let bytes):
                transmit(bytes)
            case .established:
                isEstablished = true
                onEvent(.up)
            case .deliver(let frame):
                for event in inbound.events(for: frame) {
                    switch event {
                    case .messages(let decoded):
                        messages += decoded
                    case .down(let error):
                        deliver(&messages)
                        fail(error)
                        return
                    default:
                        deliver(&messages)
                        onEvent(event)
                    }
                }
            case .down(let reason):
                deliver(&messages)
                fail(.linkFailed(reason: reason))
            case .up:
                break
            case .closed(let reason):
                deliver(&messages)
                fail(.linkFailed(reason: "the link closed: \(reason)"))
            }
        }
        deliver(&messages)
        guard !isClosed else { return }
        reportQuality()
        armTimer()
    }

    private func deliver(_ messages: inout [RelayMessage]) {
        if !messages.isEmpty && !isClosed { onEvent(.messages(messages)) }
        messages = []
    }

    private func transmit(_ bytes: [UInt8]) {
        guard descriptor >= 0 else { return }
        // Losses (ENOBUFS, ECONNREFUSED from an earlier ICMP) are the link's business: it retransmits.
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func armTimer() {
        guard let timer else { return }
        if let deadline = link.nextDeadline {
            timer.schedule(deadline: DispatchTime(uptimeNanoseconds: max(deadline, 1)), leeway: .milliseconds(1))
        } else {
            timer.schedule(deadline: .distantFuture)
        }
    }

    private func reportQuality() {
        let statistics = link.statistics
        let quality = LinkQuality(
            roundTripTime: statistics.smoothedRTT == 0 ? nil : statistics.smoothedRTT / 1_000_000,
            retransmissions: statistics.retransmissions)
        guard quality != reportedQuality, isEstablished else { return }
        reportedQuality = quality
        onEvent(.quality(quality))
    }

    // MARK: - Closing

    private func fail(_ error: ClientError) {
        guard !isClosed else { return }
        isClosed = true
        release()
        onEvent(.down(error))
    }

    private func release() {
        readSource?.cancel()
        timer?.cancel()
        readSource = nil
        timer = nil
        descriptor = -1
    }
}
