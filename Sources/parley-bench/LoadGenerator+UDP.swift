import ParleyLink
import ParleyWire

/// Native clients over UDP: each has a connected UDP socket and a `LinkClient`; this shell feeds it
/// datagrams and timer ticks and carries out the actions it returns.
extension LoadGenerator {
    /// Most datagrams read from one socket per readiness event, so one busy client cannot starve the rest.
    static let datagramsPerEvent = 64

    /// Opens the socket, starts the handshake and queues HELLO behind it.
    func startLink(_ client: BenchClient) throws(BenchError) {
        client.descriptor = try Socket.openUDP(to: address)
        try epoll.add(client.descriptor, index: client.index, writable: false)
        let now = MonotonicClock.now()
        var link = LinkClient(nonce: UInt64.random(in: 1...UInt64.max), seed: UInt64.random(in: 0...UInt64.max))
        let started = link.start(now: now)
        let queued = link.send(frame: greeting(for: client), now: now)
        client.link = link
        client.state = .greeting
        perform(started + queued, for: client, now: now)
    }

    /// Reads the datagrams waiting on a client's socket into its link.
    ///
    /// Like a TCP receiver's delayed acknowledgements: the datagrams read in one go are
    /// acknowledged once, after the last.
    func receiveDatagrams(_ client: BenchClient) {
        var received = false
        defer { if received { transmitOnLink(client, now: MonotonicClock.now()) } }
        for _ in 0..<Self.datagramsPerEvent {
            guard client.descriptor >= 0, client.link != nil else { return }
            switch Socket.receiveDatagram(client.descriptor, into: readBuffer) {
            case .bytes(let count):
                let now = MonotonicClock.now()
                tally.lastArrival = now
                let bytes = Array(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
                guard let actions = client.link?.receive(bytes, now: now, transmitting: false) else { return }
                received = true
                perform(actions, for: client, now: now)
            case .wouldBlock, .closed:
                return
            case .failed:
                // ECONNREFUSED and friends: nothing listens yet; the link retries by itself.
                return
            }
        }
    }

    /// Queues one whole frame on the link; `transmitOnLink` sends the queue.
    func queueOnLink(_ client: BenchClient, frame: [UInt8], now: UInt64) {
        guard let actions = client.link?.enqueue(frame: frame, now: now) else { return }
        perform(actions, for: client, now: now)
    }

    /// Sends what was queued on the link, as far as its windows allow.
    func transmitOnLink(_ client: BenchClient, now: UInt64) {
        guard let actions = client.link?.transmit(now: now) else { return }
        perform(actions, for: client, now: now)
    }

    /// Fires the timers of every link that has one due.
    func tickLinks(now: UInt64) {
        for client in clients where client.link != nil {
            guard let deadline = client.link?.nextDeadline, deadline <= now,
                let actions = client.link?.tick(now: now)
            else { continue }
            perform(actions, for: client, now: now)
        }
    }

    /// Says goodbye on every open link so the relay frees its sessions.
    func closeLinks() {
        let now = MonotonicClock.now()
        for client in clients where client.link != nil && client.descriptor >= 0 {
            if let actions = client.link?.close(now: now) { perform(actions, for: client, now: now) }
        }
    }

    private func perform(_ actions: [LinkClientAction], for client: BenchClient, now: UInt64) {
        for action in actions {
            guard client.descriptor >= 0 else { return }
            switch action {
            case .send(let bytes):
                // A datagram the kernel will not take now is simply lost; the link retransmits it.
                _ = bytes.withUnsafeBytes { Socket.write(client.descriptor, $0) }
            case .deliver(let frame):
                var violation: String?
                frame.withUnsafeBytes { bytes in
                    FrameStream.frame(bytes) { event in
                        if let problem = handle(event, for: client, now: now) { violation = problem }
                    }
                }
                if let violation {
                    noteFailure("client \(client.index): \(violation)")
                    close(client)
                }
            case .established, .up:
                break
            case .down(let reason):
                noteFailure("client \(client.index): link down: \(reason)")
            case .closed(let reason):
                noteFailure("client \(client.index): link closed: \(reason)")
                close(client)
            }
        }
    }
}
