import ParleyWire

extension RelayCore {
    /// A new connection: admit it, or turn it away if the relay is full or its address has as
    /// many connections as one address may have.
    mutating func open(_ id: PeerID, transport: Transport?, address: String, now: UInt64, into out: inout [RelayAction]) {
        guard peers[id] == nil else { return }
        let counts = !address.isEmpty && settings.maxPeersPerAddress > 0
        let refusal: ErrorReport
        if isShuttingDown || peerCount >= settings.maxPeers {
            refusal = serverFullReport
            out.append(.log(.serverFull(id)))
        } else if counts && connectionsByAddress[address, default: 0] >= settings.maxPeersPerAddress {
            refusal = addressFullReport
            out.append(.log(.addressFull(id, address: address, limit: settings.maxPeersPerAddress)))
        } else {
            let phase: Peer.Phase = transport == nil ? .detecting : .handshaking
            var peer = Peer(id: id, transport: transport, phase: phase, now: now, settings: settings)
            if counts {
                peer.countedAddress = address
                connectionsByAddress[address, default: 0] += 1
            }
            peers[id] = peer
            return
        }
        counters.rejections[.serverFull, default: 0] += 1
        if isShuttingDown {
            out.append(.abort(id))
        } else if transport != nil {
            out.append(.send(.error(refusal), to: id))
            out.append(.close(id))
        } else if refusalsPending < settings.maxRefusalsPending {
            // The refusal must be a frame or a line; which one, the first byte will tell.
            var peer = Peer(id: id, transport: nil, phase: .refused, now: now, settings: settings)
            peer.refusal = refusal
            peers[id] = peer
            refusalsPending += 1
        } else {
            out.append(.abort(id))
        }
    }

    /// Why a connection from an address that has its share of connections is refused.
    var addressFullReport: ErrorReport {
        let limit = settings.maxPeersPerAddress
        return ErrorReport(code: .serverFull, text: "too many connections from your address (at most \(limit)); try again later")
    }

    var serverFullReport: ErrorReport {
        ErrorReport(code: .serverFull, text: "the relay is full (\(settings.maxPeers) peers); try again later")
    }

    /// Bytes from a TCP stream: learn the peer's kind from the first byte, then decode.
    mutating func receive(_ bytes: [UInt8], from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id], let first = bytes.first else { return }
        heard(from: id, now: now)
        if peer.transport == nil {
            identify(id, asFramed: Preamble.isFramed(firstByte: first), now: now, into: &out)
        }
        switch peers[id]?.transport {
        case .tcp: decodeFrames(bytes, from: id, now: now, into: &out)
        case .line: receiveLines(bytes, from: id, now: now, into: &out)
        case .udp, nil: return
        }
    }

    /// Any traffic proves the peer alive.
    mutating func heard(from id: PeerID, now: UInt64) {
        peers[id]?.lastHeard = now
        peers[id]?.pingSentAt = nil
    }

    /// Fixes a TCP peer's kind: framed Parley client or line client.
    mutating func identify(_ id: PeerID, asFramed framed: Bool, now: UInt64, into out: inout [RelayAction]) {
        guard let phase = peers[id]?.phase else { return }
        let transport: Transport = framed ? .tcp : .line
        peers[id]?.transport = transport
        out.append(.identify(id, as: transport))
        if phase == .refused {
            let refusal = peers[id]?.refusal ?? serverFullReport
            peers[id] = nil
            refusalsPending -= 1
            out.append(.send(.error(refusal), to: id))
            out.append(.close(id))
            return
        }
        if framed {
            peers[id]?.decoder = FrameDecoder(expectsPreamble: true)
            peers[id]?.phase = .handshaking
        } else {
            peers[id]?.lines = LineSplitter(maxLineBytes: settings.maxLineBytes)
            join(id, requested: guestNick(), hello: Hello(nick: ""), now: now, into: &out)
        }
    }

    /// Feeds a framed TCP peer's decoder and handles every complete frame.
    mutating func decodeFrames(_ bytes: [UInt8], from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        peers[id]?.decoder?.append(bytes)
        while peers[id] != nil {
            let message: Message?
            do throws(WireError) {
                message = try peers[id]?.decoder?.next()
            } catch {
                malformed(id, error, now: now, into: &out)
                continue
            }
            guard let message else { break }
            handle(message, from: id, now: now, into: &out)
        }
        // A large read leaves the decoder holding a large buffer; when it is drained, start
        // afresh so that a peer cannot pin up to 128 KiB of capacity for the rest of its session.
        if bytes.count > RelayCore.largeReadBytes, peers[id]?.decoder?.bufferedByteCount == 0 {
            peers[id]?.decoder = FrameDecoder(expectsPreamble: false)
        }
    }

    /// Reads above this size reset a drained frame decoder (see `decodeFrames`).
    static let largeReadBytes = 16 * 1024

    /// One complete frame from a UDP link.
    mutating func receive(frame: [UInt8], from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard peers[id] != nil else { return }
        heard(from: id, now: now)
        do throws(WireError) {
            handle(try Message.decode(frame: frame), from: id, now: now, into: &out)
        } catch {
            malformed(id, error, now: now, into: &out)
        }
    }

    /// A frame that could not be decoded: a fatal framing error closes the connection; any
    /// other costs the peer some patience.
    mutating func malformed(_ id: PeerID, _ error: WireError, now: UInt64, into out: inout [RelayAction]) {
        if error.isFatal {
            out.append(.send(.error(ErrorReport(code: error.code, text: error.description)), to: id))
            counters.rejections[error.code, default: 0] += 1
            remove(id, reason: .error, detail: error.description, now: now, then: .close(id), into: &out)
        } else {
            reject(id, code: error.code, text: error.description, now: now, into: &out)
        }
    }

    /// The peer closed its sending side: a last unterminated line still counts, then it has quit.
    mutating func endOfInput(from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard peers[id] != nil else { return }
        if let pieces = peers[id]?.lines?.finish() {
            for piece in pieces where peers[id] != nil { handle(piece, from: id, now: now, into: &out) }
        }
        remove(id, reason: .quit, detail: "", now: now, then: .close(id), into: &out)
    }

    /// The shell reports a peer's outbound queue over its limit.
    mutating func backlog(_ id: PeerID, bytes: Int, now: UInt64, into out: inout [RelayAction]) {
        guard bytes > settings.outboundQueueLimit, peers[id] != nil else { return }
        let detail = "more than \(settings.outboundQueueLimit) bytes waiting to be sent"
        remove(id, reason: .slowConsumer, detail: detail, now: now, then: .abort(id), into: &out)
    }

    /// Forgets a peer; if it was in the room, tells everyone it left and why.
    ///
    /// - Parameter then: how to end the connection (`nil` when it is already gone).
    mutating func remove(_ id: PeerID, reason: LeaveReason, detail: String, now: UInt64, then ending: RelayAction?, into out: inout [RelayAction]) {
        guard let peer = peers.removeValue(forKey: id) else { return }
        if let ending { out.append(ending) }
        if let address = peer.countedAddress { release(address) }
        if peer.phase == .refused {
            refusalsPending -= 1
            return
        }
        counters.disconnects[reason, default: 0] += 1
        let detail = detail.truncatedUTF8(maxBytes: Limits.maxDetailBytes)
        guard peer.phase == .joined else {
            out.append(.log(.dropped(id, reason: reason, detail: detail)))
            return
        }
        room.remove(id)
        members[Nick.folded(peer.nick)] = nil
        announce(.left(Left(nick: peer.nick, reason: reason, detail: detail, time: now)), except: nil, into: &out)
        out.append(.log(.left(id, nick: peer.nick, reason: reason, detail: detail)))
    }

    /// A connection counted against `address` is gone.
    mutating func release(_ address: String) {
        let left = connectionsByAddress[address, default: 1] - 1
        connectionsByAddress[address] = left > 0 ? left : nil
    }

    /// Refuses a request with an ERROR to its sender. Every refusal costs patience; a peer out
    /// of patience is flooding and is disconnected.
    mutating func reject(_ id: PeerID, code: ErrorCode, key: UInt64 = 0, text: String, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id] else { return }
        let text = text.truncatedUTF8(maxBytes: Limits.maxDetailBytes)
        counters.rejections[code, default: 0] += 1
        out.append(.send(.error(ErrorReport(code: code, key: key, text: text)), to: id))
        out.append(.log(.refused(id, nick: peer.nick, code: code, detail: text)))
        if peers[id]?.patience.take(now: now) == false {
            let detail = "too many refused requests"
            remove(id, reason: .flooding, detail: detail, now: now, then: .close(id), into: &out)
        }
    }
}

extension String {
    /// The longest prefix of at most `maxBytes` bytes of UTF-8 that ends on a character boundary.
    func truncatedUTF8(maxBytes: Int) -> String {
        guard utf8.count > maxBytes else { return self }
        var result = ""
        var used = 0
        for character in self {
            let size = character.utf8.count
            if used + size > maxBytes { break }
            result.append(character)
            used += size
        }
        return result
    }
}
