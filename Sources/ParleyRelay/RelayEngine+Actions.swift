import NIOCore
import ParleyRelayCore
import ParleyWire

extension RelayEngine {
    /// Carries out one action of the core: the only place where decisions become I/O.
    func perform(_ action: RelayAction) {
        switch action {
        case .identify(let id, let transport):
            guard let connection = streams[id] else { return }
            connection.transport = transport
            if transport == .tcp { write(preamble, to: connection) }
        case .send(let message, let id):
            send(message, to: id)
        case .broadcast(let message, let except):
            broadcast(message, except: except)
        case .close(let id):
            if let connection = streams[id] {
                closeAfterFlush(connection)
            } else if let session = peerSessions[id] {
                closeLink(session, peer: id)
            }
        case .abort(let id):
            if let connection = streams[id] {
                connection.isClosing = true
                connection.outbox = nil
                connection.channel.close(promise: nil)
            } else if let session = peerSessions[id] {
                closeLink(session, peer: id)
            }
        case .log(let event):
            log(event)
        case .report(let statistics):
            report(statistics)
        }
    }

    /// One message to one peer, in its transport's format.
    func send(_ message: Message, to id: PeerID) {
        if let connection = streams[id] {
            switch connection.transport {
            case .tcp?: write(ByteBuffer(bytes: message.encoded()), to: connection)
            case .line?:
                guard let text = core.lineFormatter.text(for: message) else { return }
                write(ByteBuffer(string: text), to: connection)
            case .udp?, nil: return
            }
        } else if let session = peerSessions[id] {
            sendFrame(message.encoded(), to: session)
        }
    }

    /// One message to every member of the room: encoded at most once per format, the same
    /// bytes shared by every recipient (ByteBuffer is copy-on-write).
    func broadcast(_ message: Message, except: PeerID?) {
        var framed: ByteBuffer?
        var frame: [UInt8]?
        var line: ByteBuffer?
        var lineFormatted = false
        for recipient in currentAudience() where recipient.id != except {
            switch recipient.route {
            case .framed(let connection):
                let buffer = framed ?? ByteBuffer(bytes: frame ?? message.encoded())
                framed = buffer
                write(buffer, to: connection)
            case .line(let connection):
                if !lineFormatted {
                    line = core.lineFormatter.text(for: message).map { ByteBuffer(string: $0) }
                    lineFormatted = true
                }
                if let line { write(line, to: connection) }
            case .link(let session):
                let bytes = frame ?? message.encoded()
                frame = bytes
                sendFrame(bytes, to: session)
            }
        }
    }

    /// The room as an array of routes, rebuilt only when the room has changed.
    func currentAudience() -> [BroadcastRecipient] {
        if audienceVersion == core.roomVersion { return audience }
        var recipients: [BroadcastRecipient] = []
        recipients.reserveCapacity(core.room.count)
        for id in core.room {
            if let connection = streams[id] {
                switch connection.transport {
                case .tcp?: recipients.append(BroadcastRecipient(id: id, route: .framed(connection)))
                case .line?: recipients.append(BroadcastRecipient(id: id, route: .line(connection)))
                case .udp?, nil: continue
                }
            } else if let session = peerSessions[id] {
                recipients.append(BroadcastRecipient(id: id, route: .link(session: session)))
            }
        }
        audience = recipients
        audienceVersion = core.roomVersion
        return recipients
    }

    /// Queues bytes for a peer. Everything a peer is sent during one event-loop pass goes out
    /// as one buffer, one channel write and one flush after the pass: the first message is kept
    /// as the shared (copy-on-write) buffer itself, later ones are appended to a private copy.
    /// A pass that has gathered `eagerFlushBytes` for one peer sends them at once, which bounds
    /// what a burst (a thousand peers leaving together) can pile up.
    func write(_ buffer: ByteBuffer, to connection: StreamConnection) {
        guard !connection.isClosing else { return }
        traffic.bytesOut += UInt64(buffer.readableBytes)
        if connection.outbox == nil {
            connection.outbox = buffer
        } else {
            connection.outbox?.writeImmutableBuffer(buffer)
        }
        if (connection.outbox?.readableBytes ?? 0) >= Self.eagerFlushBytes {
            flush(connection)
        } else if !connection.needsFlush {
            connection.needsFlush = true
            unflushed.append(connection)
            scheduleFlush()
        }
    }

    /// Bytes gathered for one peer in one pass before they are sent without waiting for the pass to end.
    static let eagerFlushBytes = 64 * 1024

    /// Sends what is gathered for one peer now; one that still holds more than the queue limit
    /// after the flush is a slow consumer.
    private func flush(_ connection: StreamConnection) {
        guard let outbox = connection.outbox else { return }
        connection.outbox = nil
        connection.channel.writeAndFlush(outbox, promise: nil)
        if !connection.channel.isWritable { backlogged(connection.id) }
    }

    func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        let bound = self.bound
        eventLoop.execute { bound.value.flushAll() }
    }

    /// Flushes every channel written to since the last flush: one syscall (`writev`) per peer
    /// per pass, however many messages it was sent.
    ///
    /// A peer is a slow consumer when, after the flush, more than the queue limit is still
    /// waiting for its socket: the channel's high and low water marks are both the limit, so
    /// `isWritable` says exactly that. (Checking before the flush would punish a peer for a
    /// burst that its socket was about to take.)
    func flushAll() {
        flushScheduled = false
        swap(&unflushed, &flushing)
        for connection in flushing {
            connection.needsFlush = false
            if !connection.isClosing { flush(connection) }
        }
        flushing.removeAll(keepingCapacity: true)
        if datagramNeedsFlush {
            datagramNeedsFlush = false
            datagramChannel?.flush()
        }
    }

    /// Closes a TCP peer once what is queued for it has been written, or after the grace period.
    func closeAfterFlush(_ connection: StreamConnection) {
        guard !connection.isClosing else { return }
        connection.isClosing = true
        let channel = connection.channel
        let promise = eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(connection.outbox ?? emptyBuffer, promise: promise)
        connection.outbox = nil
        let grace = TimeAmount.nanoseconds(Int64(clamping: configuration.shutdownGrace.milliseconds * 1_000_000))
        let timer = eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        promise.futureResult.whenComplete { _ in
            timer.cancel()
            channel.close(promise: nil)
        }
    }
}
