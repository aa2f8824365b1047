import Dispatch
import ParleyClientCore
import ParleyWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Parley over TCP: the preamble, then length-prefixed frames, on a non-blocking socket watched by
/// Dispatch read and write sources.
///
/// Concurrency: every stored `var` is touched only on `queue` (a private serial queue): the public
/// methods hop there with `queue.async`, and both sources deliver there. Hence `@unchecked Sendable`.
final class TCPTransport: ClientTransport, @unchecked Sendable {
    /// Bytes allowed to wait for the socket before the relay is considered stuck.
    static let maxQueuedBytes = 4 << 20
    /// How long `close` waits for the relay to finish reading our goodbye.
    static let lingerMilliseconds: Int32 = 300

    private let address: RelayAddress
    private let connectTimeoutMilliseconds: Int32
    private let onEvent: @Sendable (TransportEvent) -> Void
    private let queue = DispatchQueue(label: "parley.client.tcp")

    private var descriptor: Int32 = -1
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var isWriteSourceResumed = false
    private var outgoing: [UInt8] = []
    private var outgoingOffset = 0
    private var decoder = FrameDecoder(expectsPreamble: true)
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var isClosed = false

    /// A transport to `address`; `onEvent` runs on the transport's queue.
    init(address: RelayAddress, connectTimeoutMilliseconds: Int32, onEvent: @escaping @Sendable (TransportEvent) -> Void) {
        self.address = address
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.onEvent = onEvent
    }

    func start() {
        queue.async { self.open() }
    }

    func send(_ message: Message) {
        let bytes = message.encoded()
        queue.async { self.enqueue(bytes) }
    }

    func close(then completion: @escaping @Sendable () -> Void) {
        queue.async {
            if !self.isClosed {
                self.isClosed = true
                self.lingerAndRelease()
            }
            completion()
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

    /// A non-blocking connect, waited for with `poll` (this queue serves only this connection).
    private func connect(to candidate: ResolvedAddress) -> Result<Int32, ClientError> {
        let operation = "connect to \(candidate)"
#if canImport(Glibc)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
#else
        let type = SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK
#endif
        let socket = Glibc.socket(candidate.family, type, 0)
        guard socket >= 0 else { return .failure(.system(operation: "socket", errno: errno)) }
        let status = candidate.withSocketAddress { Glibc.connect(socket, $0, $1) }
        if status != 0 {
            let code = errno
            guard code == EINPROGRESS else {
                Glibc.close(socket)
                return .failure(.system(operation: operation, errno: code))
            }
            var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&poller, 1, connectTimeoutMilliseconds) } while ready < 0 && errno == EINTR
            var problem: Int32 = ready == 0 ? ETIMEDOUT : 0
            if ready > 0 {
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(socket, SOL_SOCKET, SO_ERROR, &problem, &length) != 0 { problem = errno }
            } else if ready < 0 {
                problem = errno
            }
            if problem != 0 {
                Glibc.close(socket)
                return .failure(.system(operation: operation, errno: problem))
            }
        }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return .success(socket)
    }

    private func attach(_ socket: Int32) {
        descriptor = socket
        let reader = DispatchSource.makeReadSource(fileDescriptor: socket, queue: queue)
        reader.setEventHandler { self.readAvailable() }
        let writer = DispatchSource.makeWriteSource(fileDescriptor: socket, queue: queue)
        writer.setEventHandler { self.flush() }
        // The descriptor is closed only once both sources are cancelled, so neither watches a reused number.
        let closer = DispatchGroup()
        for source in [reader, writer] as [any DispatchSourceProtocol] {
            closer.enter()
            source.setCancelHandler { closer.leave() }
        }
        closer.notify(queue: queue) { Glibc.close(socket) }
        readSource = reader
        writeSource = writer
        reader.resume()
        outgoing.insert(contentsOf: Preamble.bytes, at: outgoingOffset)
        flush()
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
        decoder.append(readBuffer[0..<count])
        var messages: [Message] = []
        while true {
            do {
                guard let message = try decoder.next() else { break }
                messages.append(message)
            } catch {
                if !messages.isEmpty { onEvent(.messages(messages)) }
                messages = []
                if error.isFatal {
                    fail(.protocolViolation(detail: error.description))
                    return
                }
                onEvent(.malformed(error.description))
            }
        }
        if !messages.isEmpty { onEvent(.messages(messages)) }
    }

    // MARK: - Writing

    private func enqueue(_ bytes: [UInt8]) {
        guard !isClosed else { return }
        outgoing.append(contentsOf: bytes)
        let waiting = outgoing.count - outgoingOffset
        guard waiting <= TCPTransport.maxQueuedBytes else {
            fail(.sendBufferFull(bytes: waiting))
            return
        }
        if descriptor >= 0 { flush() }
    }

    private func flush() {
        guard descriptor >= 0 else { return }
        while outgoingOffset < outgoing.count {
            let written = outgoing.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + outgoingOffset, raw.count - outgoingOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outgoingOffset += written
                continue
            }
            let code = errno
            if written < 0 && code == EINTR { continue }
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                setWriteSourceResumed(true)
                return
            }
            fail(.system(operation: "send to \(address)", errno: code))
            return
        }
        outgoing.removeAll(keepingCapacity: outgoing.capacity <= 64 * 1024)
        outgoingOffset = 0
        setWriteSourceResumed(false)
    }

    private func setWriteSourceResumed(_ resumed: Bool) {
        guard let writeSource, resumed != isWriteSourceResumed else { return }
        isWriteSourceResumed = resumed
        if resumed { writeSource.resume() } else { writeSource.suspend() }
    }

    // MARK: - Closing

    private func fail(_ error: ClientError) {
        guard !isClosed else { return }
        isClosed = true
        release()
        onEvent(.down(error))
    }

    /// Writes what is queued, half-closes, and reads until the relay closes too (briefly), so our
    /// last frames (BYE) are not lost to a reset.
    private func lingerAndRelease() {
        guard descriptor >= 0 else {
            release()
            return
        }
        var deadline = Self.lingerMilliseconds
        while outgoingOffset < outgoing.count && deadline > 0 {
            let written = outgoing.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + outgoingOffset, raw.count - outgoingOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outgoingOffset += written
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, 50)
                deadline -= 50
            } else {
                break
            }
        }
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while deadline > 0, poll(&poller, 1, 50) >= 0 {
            deadline -= 50
            guard poller.revents != 0 else { continue }
            let count = readBuffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { break }
        }
        release()
    }

    private func release() {
        setWriteSourceResumed(true)  // a suspended source never runs its cancel handler
        readSource?.cancel()
        writeSource?.cancel()
        readSource = nil
        writeSource = nil
        descriptor = -1
        outgoing = []
        outgoingOffset = 0
    }
}
