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

    /// Bytes from a TCP stream, through the peer's input pipeline.
    mutating func receive(_ bytes: [UInt8], from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id], !bytes.isEmpty else { return }
        heard(from: id, now: now)
        if peer.phase == .refused {
            identify(id, asFramed: Preamble.isFramed(firstByte: bytes[0]), now: now, into: &out)
            return
        }
        drain(id, appending: bytes, now: now, into: &out)
    }

    /// Feeds the peer's pipeline and handles everything it has ready.
    ///
    /// The pipeline is taken out of the peer while its items are handled (and put back after,
    /// if the peer is still here): one dictionary access per read instead of one per item, and
    /// the stream's buffers stay uniquely referenced, so they are appended to in place.
    mutating func drain(_ id: PeerID, appending bytes: [UInt8] = [], now: UInt64, into out: inout [RelayAction]) {
        guard let index = peers.index(forKey: id) else { return }
        var stream = peers.values[index].inbound
        peers.values[index].inbound = RelayCore.placeholderStream
        stream.append(bytes)
        defer { if let index = peers.index(forKey: id) { peers.values[index].inbound = stream } }
        while peers.index(forKey: id) != nil, let item = stream.next() {
            switch item {
            case .classified(let kind):
                if kind == .lines { stream.declareLines() }
                identify(id, asFramed: kind == .framed, now: now, into: &out)
            case .message(let message):
                handle(message, from: id, now: now, into: &out)
            case .line(let line):
                perform(LineCommand(parsing: line), from: id, now: now, into: &out)
            case .lineTooLong:
                let text = "a line is at most \(settings.maxLineBytes) bytes; that one was not sent"
                reject(id, code: .textTooLong, text: text, now: now, into: &out)
            case .failure(let error):
                malformed(id, error, now: now, into: &out)
            }
        }
    }

    /// Any traffic proves the peer alive.
    mutating func heard(from id: PeerID, now: UInt64) {
        peers[id]?.lastHeard = now
        peers[id]?.pingSentAt = nil
    }

    /// Fixes a TCP peer's kind: a Parley client (its preamble checked) or a line client.
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
            peers[id]?.phase = .handshaking
        } else {
            peers[id]?.inbound.declareLines()
            let nick = freeNick(near: guestNick())
            welcome(id, nick: nick, hello: Hello(request: 0, capabilities: [], nick: nick), now: now, into: &out)
        }
    }

    /// A silent TCP stream is a person with nc, waiting for a greeting.
    mutating func detectSilence(_ id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        if peers[id]?.phase == .refused {
            identify(id, asFramed: false, now: now, into: &out)
            return
        }
        guard peers[id]?.inbound.kind == nil else { return }
        peers[id]?.inbound.declareLines()
        drain(id, now: now, into: &out)
    }

    /// What a peer holds while its own pipeline is out being drained.
    static let placeholderStream = InboundStream<ClientMessage>(.frames)

    /// Reads from a peer in place, without copying it (a `Peer` holds buffers and strings whose
    /// copies would cost retains and releases on every message). The access is a modifying one
    /// only because that is the one a dictionary grants in place; `read` changes nothing.
    mutating func withPeer<T>(_ id: PeerID, _ read: (inout Peer) -> T) -> T? {
        guard let index = peers.index(forKey: id) else { return nil }
        return read(&peers.values[index])
    }

    /// One complete frame from a UDP link, through the same pipeline.
    mutating func receive(frame: [UInt8], from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id] else { return }
        heard(from: id, now: now)
        if !peer.heardFrame {
            peers[id]?.heardFrame = true
            if frame.count > FrameHeader.size - 1 && frame[4] == ClientMessage.legacyHelloType {
                // Version 1's HELLO: answer in version 1's terms, and end the session.
                out.append(.sendBytes(LegacyRefusal.frame, to: id))
                counters.rejections[.unsupportedVersion, default: 0] += 1
                remove(id, reason: .error, detail: LegacyRefusal.text, now: now, then: .close(id), into: &out)
                return
            }
        }
        drain(id, appending: frame, now: now, into: &out)
    }

    /// Bytes that could not be decoded. A fatal error, or any problem before HELLO, closes the
    /// connection; any other refuses that request and costs the peer some patience.
    mutating func malformed(_ id: PeerID, _ error: WireError, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id] else { return }
        if case .unsupportedVersion(let version) = error.problem {
            counters.rejections[.unsupportedVersion, default: 0] += 1
            if version == Preamble.legacyVersion {
                out.append(.sendBytes(LegacyRefusal.stream, to: id))
                remove(id, reason: .error, detail: LegacyRefusal.text, now: now, then: .close(id), into: &out)
                return
            }
            let text = "this relay speaks Parley protocol version \(Preamble.version); your client speaks version \(version)"
            out.append(.identify(id, as: .tcp))
            out.append(.send(.error(ErrorReport(code: .unsupportedVersion, text: text)), to: id))
            remove(id, reason: .error, detail: text, now: now, then: .close(id), into: &out)
            return
        }
        if error.isFatal || peer.phase != .joined {
            if peer.transport == nil { out.append(.identify(id, as: .tcp)) }
            out.append(.send(.error(ErrorReport(request: error.request, code: error.code, text: error.description)), to: id))
            counters.rejections[error.code, default: 0] += 1
            remove(id, reason: .error, detail: error.description, now: now, then: .close(id), into: &out)
            return
        }
        if case .unknownType = error.problem {
            reject(id, code: .unknownRequest, request: error.request, text: error.description, now: now, into: &out)
            return
        }
        reject(id, code: error.code, request: error.request, text: error.description, now: now, into: &out)
    }

    /// The peer closed its sending side: a last unterminated line still counts, then it has quit.
    mutating func endOfInput(from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard peers[id] != nil else { return }
        if peers[id]?.inbound.kind == .lines {
            peers[id]?.inbound.finish()
            drain(id, now: now, into: &out)
        }
        remove(id, reason: .quit, detail: "", now: now, then: .close(id), into: &out)
    }

    /// The shell reports a peer's outbound queue over its limit.
    mutating func backlog(_ id: PeerID, bytes: Int, now: UInt64, into out: inout [RelayAction]) {
        guard bytes > settings.outboundQueueLimit, peers[id] != nil else { return }
        let detail = "more than \(settings.outboundQueueLimit) bytes waiting to be sent"
        remove(id, reason: .slowConsumer, detail: detail, now: now, then: .abort(id), into: &out)
    }

    /// Forgets a peer; tells each room it was in that it left, and why.
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
        members[Nick.folded(peer.nick)] = nil
        for folded in peer.rooms {
            guard var room = rooms[folded] else { continue }
            room.remove(id, now: now)
            rooms[folded] = room
            announce(.left(Left(room: room.name, nick: peer.nick, reason: reason, detail: detail, time: now)), in: folded, except: nil, into: &out)
        }
        out.append(.log(.left(id, nick: peer.nick, reason: reason, detail: detail)))
    }

    /// A connection counted against `address` is gone.
    mutating func release(_ address: String) {
        let left = connectionsByAddress[address, default: 1] - 1
        connectionsByAddress[address] = left > 0 ? left : nil
    }

    /// Refuses a request with an ERROR carrying its id. Every refusal costs patience; a peer out
    /// of patience is flooding and is disconnected.
    mutating func reject(_ id: PeerID, code: ErrorCode, request: UInt64 = 0, text: String, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = peers[id] else { return }
        let text = text.truncatedUTF8(maxBytes: Limits.maxDetailBytes)
        counters.rejections[code, default: 0] += 1
        out.append(.send(.error(ErrorReport(request: request, code: code, text: text)), to: id))
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
