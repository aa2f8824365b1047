import ParleyWire

extension LinkSession {
    /// Queues one complete frame and sends what the window allows.
    ///
    /// Frames that are empty or larger than `Limits.maxFrameBytes` are refused and counted in
    /// `statistics.framesRejected`. If the queue would exceed `maxQueuedBytes` the session closes
    /// with `.sendQueueOverflow` (the events then end with `.closed`).
    public mutating func send(frame: [UInt8], now: UInt64) -> [LinkSessionEvent] {
        var events: [LinkSessionEvent] = []
        guard enqueue(frame: frame, now: now, into: &events) else { return events }
        flush(now: now, into: &events)
        return events
    }

    /// Queues one complete frame without sending anything: `transmit(now:)` sends it, together
    /// with whatever else was queued meanwhile (small frames then share datagrams).
    ///
    /// Refuses frames as `send(frame:now:)` does; the events are empty unless the queue overflowed.
    public mutating func enqueue(frame: [UInt8], now: UInt64) -> [LinkSessionEvent] {
        var events: [LinkSessionEvent] = []
        _ = enqueue(frame: frame, now: now, into: &events)
        return events
    }

    /// Sends what the windows allow, and an acknowledgement if one is owed and rode on no DATA.
    public mutating func transmit(now: UInt64) -> [LinkSessionEvent] {
        guard !isClosed else { return [] }
        var events: [LinkSessionEvent] = []
        flush(now: now, into: &events)
        if ackPending { sendAcknowledgement(now: now, into: &events) }
        return events
    }

    /// Queues a frame; `false` when it was refused or the session is (now) closed.
    private mutating func enqueue(frame: [UInt8], now: UInt64, into events: inout [LinkSessionEvent]) -> Bool {
        guard !isClosed else { return false }
        guard !frame.isEmpty, frame.count <= Limits.maxFrameBytes else {
            counters.framesRejected += 1
            return false
        }
        guard queue.bytes + frame.count <= configuration.maxQueuedBytes else {
            events += close(reason: .sendQueueOverflow, now: now)
            events.append(.closed(.sendQueueOverflow))
            return false
        }
        counters.framesSent += 1
        queue.append(frame)
        return true
    }

    /// Sends lost datagrams again, then new fragments, while the windows allow.
    mutating func flush(now: UInt64, into events: inout [LinkSessionEvent]) {
        var pipe = inFlight
        if pipe < congestionWindow {
            for i in window.indices {
                guard pipe < congestionWindow else { break }
                guard var item = window[i], item.isLost else { continue }
                item.isLost = false
                item.laterAcknowledged = 0
                item.lastSent = now
                item.transmissions += 1
                window[i] = item
                counters.retransmissions += 1
                counters.lossEstimate += (1 - counters.lossEstimate) / 32
                pipe += 1
                events.append(.send(encodeData(item, sequence: sendBase &+ UInt32(i), now: now)))
            }
        }
        while pipe < congestionWindow, window.count < configuration.receiveWindow, !queue.isEmpty {
            guard nextSequence < UInt32.max else {
                events += close(reason: .sequenceExhausted, now: now)
                events.append(.closed(.sequenceExhausted))
                return
            }
            guard let fragment = queue.popFragment() else { break }
            let item = Outstanding(
                payload: fragment.payload, fragmentIndex: fragment.index, fragmentCount: fragment.count,
                lastSent: now, transmissions: 1
            )
            window.append(item)
            events.append(.send(encodeData(item, sequence: nextSequence, now: now)))
            nextSequence += 1
            pipe += 1
        }
    }

    private mutating func encodeData(_ item: Outstanding, sequence: UInt32, now: UInt64) -> [UInt8] {
        ackPending = false
        let segment = DataSegment(
            session: id, sequence: sequence, ack: receiver.acknowledgement,
            fragmentIndex: item.fragmentIndex, fragmentCount: item.fragmentCount, payload: item.payload
        )
        return encode(.data(segment), now: now)
    }

    /// Applies an acknowledgement from the peer: frees acknowledged datagrams, samples the RTT,
    /// grows the window, and declares lost what later-sent acknowledged datagrams overtook.
    mutating func process(_ ack: Acknowledgement, now: UInt64) {
        // An acknowledgement of something never sent is forged or corrupt: ignore all of it.
        guard ack.cumulative < nextSequence else { return }
        var acknowledged = 0
        var newestSent: UInt64 = 0
        var highestSequence: UInt32 = 0
        var sample: UInt64?

        func take(_ item: Outstanding, sequence: UInt32) {
            acknowledged += 1
            highestSequence = max(highestSequence, sequence)
            if item.lastSent >= newestSent {
                newestSent = item.lastSent
                // Karn's algorithm: a retransmitted datagram's acknowledgement is ambiguous.
                sample = item.transmissions == 1 ? now &- item.lastSent : sample
            }
            if item.transmissions == 1 { counters.lossEstimate -= counters.lossEstimate / 32 }
        }

        if ack.cumulative >= sendBase {
            let count = Int(ack.cumulative - sendBase) + 1
            for i in 0..<count {
                if let item = window[i] { take(item, sequence: sendBase &+ UInt32(i)) }
            }
            window.removeFirst(count)
            sendBase = ack.cumulative + 1
        }
        if ack.selective != 0 {
            for bit in 0..<32 where ack.selective & (1 << UInt32(bit)) != 0 {
                let sequence = UInt64(ack.cumulative) + 2 + UInt64(bit)
                guard sequence >= UInt64(sendBase), sequence < UInt64(nextSequence) else { continue }
                let i = Int(sequence - UInt64(sendBase))
                if let item = window[i] {
                    take(item, sequence: UInt32(sequence))
                    window[i] = nil
                }
            }
        }
        guard acknowledged > 0 else { return }
        if let sample { rtt.add(sample: sample) }
        backoff = 0
        if congestionWindow < slowStartThreshold {
            congestionWindow += acknowledged
        } else {
            growthCredit += acknowledged
            while growthCredit >= congestionWindow {
                growthCredit -= congestionWindow
                congestionWindow += 1
            }
        }
        congestionWindow = min(congestionWindow, configuration.maxInFlight)

        var lossDetected = false
        for i in window.indices {
            let sequence = sendBase &+ UInt32(i)
            guard sequence < highestSequence else { break }
            guard var item = window[i], !item.isLost, item.lastSent < newestSent else { continue }
            item.laterAcknowledged += acknowledged
            if item.laterAcknowledged >= Self.reorderingThreshold {
                item.isLost = true
                lossDetected = true
            }
            window[i] = item
        }
        if lossDetected, sendBase > recoveryEnd {
            slowStartThreshold = max(congestionWindow / 2, configuration.minimumWindow)
            congestionWindow = slowStartThreshold
            growthCredit = 0
            recoveryEnd = nextSequence &- 1
        }
    }
}
