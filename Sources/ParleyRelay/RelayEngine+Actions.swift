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
        for id in core.room where id != except {
            if let connection = streams[id] {
                switch connection.transport {
                case .tcp?:
                    let buffer = framed ?? ByteBuffer(bytes: frame ?? message.encoded())
                    framed = buffer
                    write(buffer, to: connection)
                case .line?:
                    if !lineFormatted {
                        line = core.lineFormatter.text(for: message).map { ByteBuffer(string: $0) }
                        lineFormatted = true
                    }
                    if let line { write(line, to: connection) }
                case .udp?, nil:
                    continue
                }
            } else if let session = peerSessions[id] {
                let bytes = frame ?? message.encoded()
                frame = bytes
                sendFrame(bytes, to: session)
            }
        }
    }

    /// Queues bytes on a channel; the flush happens once, after this event-loop pass, or as
    /// soon as a pass has queued `eagerFlushWrites` writes or `eagerFlushBytes` bytes for one
    /// peer, which bounds what a burst (a thousand peers leaving at once) can pile up unflushed.
    func write(_ buffer: ByteBuffer, to connection: StreamConnection) {
        guard !connection.isClosing else { return }
        let size = buffer.readableBytes
        traffic.bytesOut += UInt64(size)
        connection.channel.write(buffer, promise: nil)
        connection.unflushedWrites += 1
        connection.unflushedBytes += size
        if connection.unflushedWrites >= Self.eagerFlushWrites || connection.unflushedBytes >= Self.eagerFlushBytes {
            flush(connection)
        } else if !connection.needsFlush {
            connection.needsFlush = true
            unflushed.append(connection)
            scheduleFlush()
        }
    }

    /// Writes queued for one peer in one pass before they are flushed without waiting for the pass to end.
    static let eagerFlushWrites = 64
    /// Bytes queued for one peer in one pass before they are flushed without waiting for the pass to end.
    static let eagerFlushBytes = 64 * 1024

    /// Flushes one peer now; one still holding more than the queue limit is a slow consumer.
    private func flush(_ connection: StreamConnection) {
        connection.unflushedWrites = 0
        connection.unflushedBytes = 0
        connection.channel.flush()
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
        channel.writeAndFlush(emptyBuffer, promise: promise)
        let grace = TimeAmount.nanoseconds(Int64(clamping: configuration.shutdownGrace.milliseconds * 1_000_000))
        let timer = eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) }
        promise.futureResult.whenComplete { _ in
            timer.cancel()
            channel.close(promise: nil)
        }
    }
}
