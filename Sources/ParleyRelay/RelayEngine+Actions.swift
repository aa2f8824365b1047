import NIOCore
import ParleyRelayCore
import ParleyWire

extension RelayEngine {
    /// Carries out one action of the core: the only place where decisions become I/O.
    /// (`process` hands runs of `.deliver` to one audience to `deliver(_:to:)` directly.)
    func perform(_ action: RelayAction) {
        switch action {
        case .identify(let id, let transport):
            guard let connection = stream(id) else { return }
            connection.transport = transport
            if transport == .tcp { write(preamble, to: connection) }
        case .send(let message, let id):
            send(message, to: id)
        case .deliver(_, let audience):
            deliver([action][...], to: audience)
        case .sendBytes(let bytes, let id):
            sendBytes(bytes, to: id)
        case .close(let id):
            switch peers[id] {
            case .stream(let connection)?: closeAfterFlush(connection)
            case .link(let session)?: closeLink(session, peer: id)
            case nil: return
            }
        case .abort(let id):
            switch peers[id] {
            case .stream(let connection)?:
                connection.isClosing = true
                connection.outbox = nil
                connection.channel.close(promise: nil)
            case .link(let session)?:
                closeLink(session, peer: id)
            case nil:
                return
            }
        case .log(let event):
            log(event)
        case .report(let statistics):
            report(statistics)
        case .store(let write, let ticket):
            storeBatch.append(write)
            storeThrough = ticket
            scheduleFlush()
        }
    }

    /// Queues bytes for a peer; everything it is sent during one event-loop pass is flushed
    /// once, after the pass, in one `writev`.
    ///
    /// Small messages are gathered into one buffer (a copy of a few bytes is cheaper than a
    /// channel write). A large buffer, typically one shared by every recipient of a broadcast,
    /// is handed to the channel as it is and never copied per recipient. A pass that has queued
    /// `eagerFlushBytes` for one peer flushes at once, which bounds what a burst can pile up.
    func write(_ buffer: ByteBuffer, to connection: StreamConnection) {
        guard !connection.isClosing else { return }
        let size = buffer.readableBytes
        traffic.bytesOut += UInt64(size)
        if var gathered = connection.outbox {
            connection.outbox = nil  // so that appending to a private buffer happens in place
            if gathered.readableBytes + size <= Self.gatherLimit {
                gathered.writeImmutableBuffer(buffer)
                connection.outbox = gathered
            } else {
                connection.channel.write(gathered, promise: nil)
                connection.outbox = buffer
            }
        } else {
            connection.outbox = buffer
        }
        connection.unflushedBytes += size
        if connection.unflushedBytes >= Self.eagerFlushBytes {
            flush(connection)
        } else if !connection.needsFlush {
            connection.needsFlush = true
            unflushed.append(connection)
            scheduleFlush()
        }
    }

    /// Messages are gathered into one buffer while it stays this small.
    static let gatherLimit = 4096
    /// Bytes queued for one peer in one pass before they are flushed without waiting for the pass to end.
    static let eagerFlushBytes = 64 * 1024

    /// Sends what is queued for one peer now; one that still holds more than the queue limit
    /// after the flush is a slow consumer.
    private func flush(_ connection: StreamConnection) {
        connection.unflushedBytes = 0
        if let outbox = connection.outbox {
            connection.outbox = nil
            // One trip through the pipeline rather than two (write, then flush).
            connection.channel.writeAndFlush(outbox, promise: nil)
        } else {
            connection.channel.flush()
        }
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
        submitStoreBatch()
        flushLink()
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
