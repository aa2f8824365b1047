import Dispatch
import ParleyClientCore
import ParleyWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Parley over TCP: the preamble, then length-prefixed frames, on a non-blocking socket watched by
/// a Dispatch read source.
///
/// Writes go straight to the socket; should its buffer ever be full (a client sends a few small
/// frames a second, the kernel buffers hundreds of kilobytes) the transport waits for room with
/// `poll` on its own queue, for at most `stallMilliseconds`, then gives the connection up.
///
/// Concurrency: every stored `var` is touched only on `queue` (a private serial queue): the public
/// methods hop there with `queue.async`, and both sources deliver there. Hence `@unchecked Sendable`.
final class TCPTransport: ClientTransport, @unchecked Sendable {
    /// How long a write may wait for room in the socket before the relay is considered stuck.
    static let stallMilliseconds: Int32 = 5000
    /// How long `close` waits for the relay to finish reading our goodbye.
    static let lingerMilliseconds: Int32 = 300

    private let address: RelayAddress
    private let connectTimeoutMilliseconds: Int32
    private let onEvent: @Sendable (TransportEvent) -> Void
    private let queue = DispatchQueue(label: "parley.client.tcp")

    private var descriptor: Int32 = -1
    private var readSource: (any DispatchSourceRead)?
    private var inbound = RelayInbound(.framedWithPreamble)
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var isClosed = false
    /// Set by `close(then:)`: the read source's cancel handler lingers and then calls it.
    private var closeCompletion: (@Sendable () -> Void)?

    /// A transport to `address`; `onEvent` runs on the transport's queue.
    init(address: RelayAddress, connectTimeoutMilliseconds: Int32, onEvent: @escaping @Sendable (TransportEvent) -> Void) {
        self.address = address
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.onEvent = onEvent
    }

    func start() {
        queue.async { self.open() }
    }

    func send(_ message: ClientMessage) {
        let bytes = message.encoded()
        queue.async { self.enqueue(bytes) }
    }

    func close(then completion: @escaping @Sendable () -> Void) {
        queue.async {
            guard !self.isClosed, let readSource = self.readSource else {
                self.isClosed = true
                completion()
                return
            }
            self.isClosed = true
            self.closeCompletion = completion
            readSource.cancel()  // the cancel handler lingers, closes, then calls `completion`
            self.readSource = nil
            self.descriptor = -1
        }
    }

    // MARK: - Connecting

    private func open() {
        guard !isClosed else { return }
        let candidates: [ResolvedAddress]
        do {
            candidates = try ResolvedAddress.resolve(host: address.host, port: address.port, datagram: false)
        } catch {
            fail(error)
            return
        }
        var lastError = ClientError.system(operation: "connect to \(address)", errno: ECONNREFUSED)
        for candidate in candidates {
            switch connect(to: candidate) {
            case .success(let socket):
                attach(socket)
                return
            case .failure(let error):
                lastError = error
            }
        }
        fail(lastError)
    }

    /// A non-blocking connect, waited for with `poll` (this queue serves only this connection),
    /// with Nagle's algorithm off: chat lines go out at once.
    private func connect(to candidate: ResolvedAddress) -> Result<Int32, ClientError> {
        candidate.connectStream(timeoutMilliseconds: connectTimeoutMilliseconds).map { socket in
            var one: Int32 = 1
            setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return socket
        }
    }

    private func attach(_ socket: Int32) {
        descriptor = socket
        let reader = DispatchSource.makeReadSource(fileDescriptor: socket, queue: queue)
        reader.setEventHandler { self.readAvailable() }
        // The descriptor is closed only once the source is cancelled (unregistered), so libdispatch
        // never watches a reused number; a polite close lingers here too, for the same reason.
        reader.setCancelHandler {
            if let completion = self.closeCompletion {
                Self.linger(socket, buffer: &self.readBuffer)
                Glibc.close(socket)
                self.closeCompletion = nil
                completion()
            } else {
                Glibc.close(socket)
            }
        }
        readSource = reader
        reader.resume()
        write(Preamble.bytes)
        if !isClosed { onEvent(.up) }
    }

    // MARK: - Reading

    private func readAvailable() {
        guard !isClosed else { return }
        let count = readBuffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 {
            fail(.closedByRelay)
            return
        }
        if count < 0 {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
            fail(.system(operation: "read from \(address)", errno: code))
            return
        }
        for event in inbound.events(for: Array(readBuffer[0..<count])) {
            if case .down(let error) = event {
                fail(error)
                return
            }
            onEvent(event)
        }
    }

    // MARK: - Writing

    private func enqueue(_ bytes: [UInt8]) {
        guard !isClosed, descriptor >= 0 else { return }
        write(bytes)
    }

    /// Writes all of `bytes`, waiting for room if the socket buffer is full; fails the connection
    /// on an error or after `stallMilliseconds` without progress.
    private func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
                continue
            }
            let code = errno
            if written < 0 && code == EINTR { continue }
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                var ready: Int32
                repeat { ready = poll(&poller, 1, Self.stallMilliseconds) } while ready < 0 && errno == EINTR
                if ready > 0 { continue }
                fail(.sendStalled(seconds: Int(Self.stallMilliseconds / 1000)))
                return
            }
            fail(.system(operation: "send to \(address)", errno: code))
            return
        }
    }

    // MARK: - Closing

    private func fail(_ error: ClientError) {
        guard !isClosed else { return }
        isClosed = true
        release()
        onEvent(.down(error))
    }

    /// Half-closes `socket` and reads until the relay closes too (briefly), so our last frames (BYE)
    /// are read by the relay rather than lost to a reset caused by unread data.
    ///
    /// Runs only after the read source is cancelled: libdispatch must not watch a descriptor that
    /// is being drained by hand.
    private static func linger(_ socket: Int32, buffer: inout [UInt8]) {
        Glibc.shutdown(socket, Int32(SHUT_WR))
        var remaining = lingerMilliseconds
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        while remaining > 0, poll(&poller, 1, 50) >= 0 {
            remaining -= 50
            guard poller.revents != 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(socket, $0.baseAddress, $0.count) }
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { break }
        }
    }

    private func release() {
        readSource?.cancel()
        readSource = nil
        descriptor = -1
    }
}
