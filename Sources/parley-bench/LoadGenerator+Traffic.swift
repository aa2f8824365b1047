import ParleyWire

extension LoadGenerator {
    /// Handles one epoll event for `client`.
    func handle(_ client: BenchClient, readable: Bool, writable: Bool, failed: Bool) {
        guard client.descriptor >= 0 else { return }
        if client.state == .connecting {
            if writable || failed { finishConnect(client) }
            return
        }
        if client.link != nil {
            if readable || failed { receiveDatagrams(client) }
            return
        }
        if readable || failed { receive(client) }
        if writable && client.descriptor >= 0 { flush(client) }
    }

    /// Reads once (the set is level-triggered, so more comes next round) and processes the bytes.
    private func receive(_ client: BenchClient) {
        switch Socket.read(client.descriptor, into: readBuffer) {
        case .bytes(let count):
            let now = MonotonicClock.now()
            tally.lastArrival = now
            process(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]), for: client, now: now)
        case .wouldBlock:
            break
        case .closed:
            noteFailure("client \(client.index): the relay closed the connection")
            close(client)
        case .failed(let code):
            noteFailure("client \(client.index): \(BenchError.system(operation: "recv", code: code))")
            close(client)
        }
    }

    private func process(_ data: UnsafeRawBufferPointer, for client: BenchClient, now: UInt64) {
        let textSize = factory.textSize
        let run = self.run
        switch configuration.mode {
        case .line:
            if client.state == .greeting { markJoined(client) }
            LineStream.consume(data, for: client) { line in
                tally.record(PayloadCodec.classify(line, textSize: textSize, run: run), receiver: client.index, now: now)
            } overlong: {
                tally.recordOverlong()
            }
        case .tcp, .udp:
            var violation: String?
            let queuedBefore = client.pendingByteCount
            FrameStream.consume(data, for: client) { event in
                if let problem = handle(event, for: client, now: now) { violation = problem }
            }
            if let violation {
                noteFailure("client \(client.index): \(violation)")
                close(client)
            } else if client.pendingByteCount > queuedBefore {
                flush(client)  // a PONG
            }
        }
    }

    /// Handles one native frame event; returns the protocol violation, if it was one.
    func handle(_ event: FrameStream.Event, for client: BenchClient, now: UInt64) -> String? {
        switch event {
        case .entered:
            // HELLO enters one room: the client's own, or #lobby.
            markJoined(client)
        case .chat(let text):
            tally.record(PayloadCodec.classify(text, textSize: factory.textSize, run: run), receiver: client.index, now: now)
        case .refused(let error):
            report.refused += 1
            if report.firstRefusal == nil { report.firstRefusal = "\(error.code): \(error.text)" }
            if error.request == MessageFactory.helloRequest && client.state == .greeting {
                return "the relay refused HELLO or its room: \(error.code)"
            }
        case .ping(let token):
            let pong = ClientMessage.pong(token).encoded()
            if client.link != nil {
                queueOnLink(client, frame: pong, now: now)
            } else {
                // Written once the received bytes are processed (`process`), not from inside them.
                client.outbound.append(contentsOf: pong)
            }
        case .violation(let text):
            return text
        }
        return nil
    }

    /// Writes what the kernel takes now; watches for writability while anything is left.
    func flush(_ client: BenchClient) {
        while client.pendingByteCount > 0 {
            let result = client.outbound.withUnsafeBytes { bytes in
                Socket.write(client.descriptor, UnsafeRawBufferPointer(rebasing: bytes[client.outboundStart...]))
            }
            switch result {
            case .bytes(let count):
                client.outboundStart += count
            case .wouldBlock:
                if !client.watchesWrites {
                    epoll.modify(client.descriptor, index: client.index, writable: true)
                    client.watchesWrites = true
                }
                return
            case .closed, .failed:
                noteFailure("client \(client.index): a write failed")
                close(client)
                return
            }
        }
        client.compactOutbound()
        if client.watchesWrites {
            epoll.modify(client.descriptor, index: client.index, writable: false)
            client.watchesWrites = false
        }
    }

    /// Lets every sender write what its schedule (`--rate`) and its window allow.
    func sendDue(now: UInt64) {
        let senders = configuration.senders
        guard senders > 0 else { return }
        let perSender = configuration.rate / Double(senders)
        let elapsed = Double(now - sendingStartedAt) / 1e9
        for sender in 0..<senders {
            let client = clients[sender]
            let room = roomNames[sender % roomNames.count]
            guard client.state == .joined, client.pendingByteCount < Self.maxPendingBytes else { continue }
            if let link = client.link, link.statistics.queuedBytes > Self.maxPendingBytes { continue }
            var allowed = configuration.window - tally.outstanding(sender)
            if perSender > 0 {
                let phase = Double(sender) / Double(senders)
                let due = elapsed * perSender >= phase ? Int(elapsed * perSender - phase) + 1 : 0
                allowed = min(allowed, due - Int(tally.sent[sender]))
            }
            guard allowed > 0 else { continue }
            let stamp = MonotonicClock.now()
            for _ in 0..<allowed {
                tally.sent[sender] += 1
                let payload = Payload(run: run, sender: UInt16(sender), sequence: tally.sent[sender], sentAt: stamp)
                if client.link != nil {
                    var frame: [UInt8] = []
                    factory.append(payload, room: room, to: &frame)
                    queueOnLink(client, frame: frame, now: stamp)
                } else {
                    factory.append(payload, room: room, to: &client.outbound)
                }
            }
            // What is due goes out together, as on TCP (one write): over UDP, packed datagrams.
            if client.link == nil { flush(client) } else { transmitOnLink(client, now: stamp) }
        }
    }
}
