import ParleyWire

extension LinkSession {
    /// Handles one decoded datagram that carries this session's id.
    ///
    /// DATA is acknowledged (piggybacked on DATA when there is some to send), duplicates are
    /// dropped, and complete frames come out as `.deliver` in order. CLOSE and RESET end the session.
    public mutating func receive(_ datagram: Datagram, now: UInt64) -> [LinkSessionEvent] {
        receive(datagram, now: now, transmitting: true)
    }

    /// Handles one decoded datagram as `receive(_:now:)` does; with `transmitting` false, it
    /// only takes the datagram in: DATA the acknowledgement lets out, and the acknowledgement
    /// itself, wait for `transmit(now:)` (so that a batch of datagrams is answered once).
    public mutating func receive(_ datagram: Datagram, now: UInt64, transmitting: Bool) -> [LinkSessionEvent] {
        guard !isClosed else { return [] }
        var events: [LinkSessionEvent] = []
        switch datagram {
        case .data(let segment):
            heard(now: now, events: &events)
            process(segment.ack, now: now)
            var frames: [[UInt8]] = []
            switch receiver.accept(segment, frames: &frames) {
            case .accepted: break
            case .duplicate: counters.duplicatesReceived += 1
            case .beyondWindow: counters.beyondWindow += 1
            }
            counters.framesDelivered += UInt64(frames.count)
            for frame in frames { events.append(.deliver(frame)) }
            ackPending = true
        case .ack(_, let ack):
            heard(now: now, events: &events)
            process(ack, now: now)
        case .close(_, let code):
            heard(now: now, events: &events)
            isClosed = true
            events.append(.closed(LinkCloseReason(code: code)))
            return events
        case .reset:
            isClosed = true
            events.append(.closed(.reset))
            return events
        case .initiate, .cookie, .connect, .accept:
            counters.malformedDropped += 1
            return events
        }
        guard transmitting else { return events }
        flush(now: now, into: &events)
        if ackPending { sendAcknowledgement(now: now, into: &events) }
        return events
    }

    private mutating func heard(now: UInt64, events: inout [LinkSessionEvent]) {
        lastHeard = max(lastHeard, now)
        counters.datagramsReceived += 1
        if isDown {
            isDown = false
            events.append(.up)
        }
    }
}
