extension LoadGenerator {
    /// Starts connects until `connectConcurrency` joins are in flight or every client has started.
    func startConnects() {
        while joinsInFlight < configuration.connectConcurrency && nextToStart < clients.count {
            let client = clients[nextToStart]
            nextToStart += 1
            client.startedAt = MonotonicClock.now()
            do throws(BenchError) {
                if configuration.mode == .udp {
                    client.state = .connecting
                    joinsInFlight += 1
                    try startLink(client)
                    continue
                }
                client.descriptor = try Socket.startTCPConnect(to: address)
                try epoll.add(client.descriptor, index: client.index, writable: true)
                client.watchesWrites = true
                client.state = .connecting
                joinsInFlight += 1
            } catch {
                noteFailure("client \(client.index): \(error)")
                if client.state != .waiting { joinsInFlight -= 1 }
                if client.descriptor >= 0 { Socket.close(client.descriptor) }
                client.descriptor = -1
                client.state = .closed
            }
        }
    }

    /// The TCP connect finished (successfully or not).
    func finishConnect(_ client: BenchClient) {
        let code = Socket.pendingError(client.descriptor)
        guard code == 0 else {
            noteFailure("client \(client.index): connect: \(BenchError.system(operation: "connect", code: code))")
            close(client)
            return
        }
        client.state = .greeting
        client.outbound.append(contentsOf: greeting(for: client))
        flush(client)
    }

    /// What `client` sends first (see `MessageFactory.greeting`).
    func greeting(for client: BenchClient) -> [UInt8] {
        factory.greeting(nick: "b\(run)x\(client.index)", room: configuration.room(of: client.index), greetsLine: configuration.greetsLine)
    }

    /// The relay has taken the client into its room.
    func markJoined(_ client: BenchClient) {
        guard client.state == .greeting || client.state == .connecting else { return }
        client.state = .joined
        joinsInFlight -= 1
        joinedEver += 1
        lastJoinAt = MonotonicClock.now()
    }

    /// Closes a client's socket; one still joining counts as a failed join.
    func close(_ client: BenchClient) {
        if client.state == .connecting || client.state == .greeting { joinsInFlight -= 1 }
        client.state = .closed
        if client.descriptor >= 0 {
            Socket.close(client.descriptor)
            client.descriptor = -1
        }
        client.outbound = []
        client.outboundStart = 0
        client.carry = []
        client.link = nil
    }

    func noteFailure(_ text: String) {
        if report.firstFailure == nil { report.firstFailure = text }
    }
}
