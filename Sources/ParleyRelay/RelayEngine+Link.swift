import NIOCore
import ParleyLink
import ParleyRelayCore
import ParleyWire

extension RelayEngine {
    /// A UDP datagram arrived: the link decides what it means.
    func receivedDatagram(_ buffer: ByteBuffer, from address: SocketAddress) {
        traffic.bytesIn += UInt64(buffer.readableBytes)
        traffic.datagramsIn += 1
        guard buffer.readableBytes <= Limits.maxDatagramBytes, !core.isShuttingDown else { return }
        let linkAddress = LinkAddress(address)
        remember(address, as: linkAddress)
        perform(link.receive(Array(buffer.readableBytesView), from: linkAddress, now: clock.uptimeNanoseconds))
        linkNeedsFlush()
    }

    func datagramError(_ error: any Error) {
        logger.debug("UDP socket error", metadata: ["error": "\(error)"])
    }

    /// Queues a frame on a session.
    func sendFrame(_ frame: [UInt8], to session: UInt64) {
        perform(link.send(frame: frame, to: session, now: clock.uptimeNanoseconds))
        linkNeedsFlush()
    }

    /// The link batches: what its sessions have to send (DATA, small frames packed together, and
    /// one acknowledgement per session at most) goes out at the end of the pass, in `flushAll`.
    func linkNeedsFlush() {
        guard !linkFlushPending else { return }
        linkFlushPending = true
        scheduleFlush()
    }

    /// Transmits what the link's sessions queued during this pass.
    func flushLink() {
        guard linkFlushPending else { return }
        linkFlushPending = false
        perform(link.flush(now: clock.uptimeNanoseconds))
    }

    /// Ends a session on the relay's initiative (one CLOSE datagram) and forgets its peer.
    func closeLink(_ session: UInt64, peer: PeerID) {
        sessionPeers[session] = nil
        peers[peer] = nil
        perform(link.close(session: session, reason: .normal, now: clock.uptimeNanoseconds))
    }

    /// Carries out the link's actions, turning session events into relay events.
    func perform(_ actions: [LinkServerAction]) {
        for action in actions {
            switch action {
            case .send(let bytes, let address):
                guard let channel = datagramChannel, let socketAddress = socketAddress(for: address) else { continue }
                traffic.bytesOut += UInt64(bytes.count)
                traffic.datagramsOut += 1
                channel.write(AddressedEnvelope(remoteAddress: socketAddress, data: ByteBuffer(bytes: bytes)), promise: nil)
                if !datagramNeedsFlush {
                    datagramNeedsFlush = true
                    scheduleFlush()
                }
            case .opened(let session, let address):
                let id = makePeerID()
                sessionPeers[session] = id
                peers[id] = .link(session: session)
                noteConnectionChurn()
                logger.debug("UDP session opened", metadata: ["peer": "\(id)", "address": "\(socketAddress(for: address)?.readable ?? "\(address)")"])
                process(.linkOpened(id, from: PeerAddress.key(address.ipBytes), now: now))
            case .deliver(let frame, let session):
                guard let id = sessionPeers[session] else { continue }
                process(.linkFrame(id, frame, now: now))
            case .migrated(let session, let address):
                logger.info("UDP peer moved", metadata: ["peer": "\(sessionPeers[session].map { "\($0)" } ?? "?")", "address": "\(socketAddress(for: address)?.readable ?? "\(address)")"])
            case .closed(let session, let reason):
                // `.timeout`: nothing heard for the link timeout; the link already sent the peer
                // its CLOSE (timed out), and the room hears LEFT with reason timeout.
                guard let id = sessionPeers[session] else { continue }
                departed[id] = address(of: id)
                sessionPeers[session] = nil
                peers[id] = nil
                noteConnectionChurn()
                process(.disconnected(id, reason: leaveReason(for: reason), now: now))
            }
        }
        scheduleLinkTimer()
    }

    func leaveReason(for reason: LinkCloseReason) -> LeaveReason {
        switch reason {
        case .normal, .unknown: return .quit
        case .timeout: return .timeout
        case .sendQueueOverflow: return .slowConsumer
        case .serverFull, .reset, .sequenceExhausted: return .error
        }
    }

    /// Keeps one timer armed for the link's earliest deadline (retransmission, ack, keepalive).
    func scheduleLinkTimer() {
        guard let deadline = link.nextDeadline else { return }
        if let armed = linkTimerDeadline, armed <= deadline { return }
        linkTimer?.cancel()
        linkTimerDeadline = deadline
        let current = clock.uptimeNanoseconds
        let delay = deadline > current ? deadline - current : 0
        let bound = self.bound
        linkTimer = eventLoop.scheduleTask(in: .nanoseconds(Int64(clamping: delay))) {
            bound.value.linkTimerFired()
        }
    }

    func linkTimerFired() {
        linkTimer = nil
        linkTimerDeadline = nil
        perform(link.tick(now: clock.uptimeNanoseconds))
    }

    /// UDP peers whose link queue passed the limit are slow consumers too.
    func checkLinkBacklogs() {
        for (session, id) in sessionPeers {
            guard let queued = link.queuedBytes(for: session), queued > configuration.outboundQueueLimit else { continue }
            process(.backlogged(id, bytes: queued, now: now))
        }
    }

    private func remember(_ address: SocketAddress, as linkAddress: LinkAddress) {
        if addressCache[linkAddress] != nil { return }
        if addressCache.count >= configuration.maxPeers * 2 + 1024 { addressCache.removeAll(keepingCapacity: true) }
        addressCache[linkAddress] = address
    }

    func socketAddress(for address: LinkAddress) -> SocketAddress? {
        if let known = addressCache[address] { return known }
        let bytes = address.bytes
        guard bytes.count == 6 || bytes.count == 18 else { return nil }
        let port = Int(bytes[bytes.count - 2]) << 8 | Int(bytes[bytes.count - 1])
        return try? SocketAddress(packedIPAddress: ByteBuffer(bytes: bytes.dropLast(2)), port: port)
    }
}

extension LinkAddress {
    /// The IP address alone, without the port: 4 bytes for IPv4, 16 for IPv6.
    var ipBytes: [UInt8] { bytes.count >= 2 ? Array(bytes.dropLast(2)) : [] }

    /// IPv4: 4 address bytes and the port (6 bytes); IPv6: 16 and the port (18 bytes).
    init(_ address: SocketAddress) {
        switch address {
        case .v4(let v4):
            let port = UInt16(bigEndian: v4.address.sin_port)
            let ip = withUnsafeBytes(of: v4.address.sin_addr) { Array($0) }
            self.init(bytes: ip + [UInt8(port >> 8), UInt8(port & 0xFF)])
        case .v6(let v6):
            let port = UInt16(bigEndian: v6.address.sin6_port)
            let ip = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            self.init(bytes: ip + [UInt8(port >> 8), UInt8(port & 0xFF)])
        case .unixDomainSocket:
            self.init(bytes: [])
        }
    }
}
