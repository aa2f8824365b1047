import ParleyWire

/// The receiving half of a session: duplicate suppression, the bounded out-of-order buffer,
/// in-order release and reassembly of fragmented frames.
struct ReceiveWindow: Sendable {
    /// What became of one DATA datagram.
    enum Outcome: Equatable {
        /// New: buffered or released.
        case accepted
        /// Seen before: dropped.
        case duplicate
        /// Too far ahead of the cumulative acknowledgement: dropped (the sender will retransmit).
        case beyondWindow
    }

    private struct Fragment: Sendable {
        var index: UInt16
        var count: UInt16
        var payload: [UInt8]
    }

    /// Sequence numbers buffered beyond the cumulative one.
    let capacity: Int
    /// Every sequence number up to this one has been received.
    private(set) var cumulative: UInt32 = 0
    /// The highest sequence number received.
    private(set) var highest: UInt32 = 0
    /// Fragments that broke the fragment order (only a misbehaving peer sends them).
    private(set) var violations: UInt64 = 0

    private var buffered: [UInt32: Fragment] = [:]
    private var partial: [UInt8] = []
    private var partialNext: UInt16 = 0
    private var partialCount: UInt16 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// How many out-of-order datagrams are held.
    var bufferedCount: Int { buffered.count }

    /// The acknowledgement to send: cumulative, plus one bit per buffered sequence number just beyond.
    var acknowledgement: Acknowledgement {
        var selective: UInt32 = 0
        if !buffered.isEmpty {
            for bit in 0..<32 {
                let sequence = UInt64(cumulative) + 2 + UInt64(bit)
                guard sequence <= UInt64(UInt32.max) else { break }
                if buffered[UInt32(sequence)] != nil { selective |= 1 << UInt32(bit) }
            }
        }
        return Acknowledgement(cumulative: cumulative, selective: selective)
    }

    /// Takes one DATA segment; complete frames now in order are appended to `frames`.
    mutating func accept(_ segment: DataSegment, frames: inout [[UInt8]]) -> Outcome {
        let sequence = segment.sequence
        guard sequence > cumulative, buffered[sequence] == nil else { return .duplicate }
        guard UInt64(sequence) - UInt64(cumulative) <= UInt64(capacity) else { return .beyondWindow }
        highest = max(highest, sequence)
        let fragment = Fragment(index: segment.fragmentIndex, count: segment.fragmentCount, payload: segment.payload)
        guard sequence == cumulative + 1 else {
            buffered[sequence] = fragment
            return .accepted
        }
        cumulative = sequence
        consume(fragment, frames: &frames)
        while cumulative < UInt32.max, let next = buffered.removeValue(forKey: cumulative + 1) {
            cumulative += 1
            consume(next, frames: &frames)
        }
        return .accepted
    }

    /// Appends one in-order fragment to the frame being reassembled.
    private mutating func consume(_ fragment: Fragment, frames: inout [[UInt8]]) {
        if fragment.index == 0 {
            if partialNext != 0 { violations += 1 }
            partial.removeAll(keepingCapacity: true)
            partialNext = 0
            partialCount = fragment.count
        } else if fragment.index != partialNext || fragment.count != partialCount {
            violations += 1
            resetPartial()
            return
        }
        guard partial.count + fragment.payload.count <= Limits.maxFrameBytes else {
            violations += 1
            resetPartial()
            return
        }
        if fragment.count == 1 {
            // A whole frame, or several packed back to back (SendQueue.popFragment).
            unpack(fragment.payload, into: &frames)
            resetPartial()
            return
        }
        partial.append(contentsOf: fragment.payload)
        partialNext += 1
        if partialNext == partialCount {
            // An empty frame is a probe that only carries a sequence number: nothing to deliver.
            if !partial.isEmpty { frames.append(partial) }
            resetPartial()
        }
    }

    /// Splits a one-datagram payload into the frames it packs; a payload that is not an exact
    /// run of two or more frames is delivered as it is (the owner's decoder judges it).
    private func unpack(_ payload: [UInt8], into frames: inout [[UInt8]]) {
        guard !payload.isEmpty else { return }  // a probe
        var ends: [Int] = []
        var offset = 0
        while offset < payload.count, let length = SendQueue.frameLength(in: payload, at: offset), length <= payload.count - offset {
            offset += length
            ends.append(offset)
        }
        guard ends.count > 1, offset == payload.count else {
            frames.append(payload)
            return
        }
        var start = 0
        for end in ends {
            frames.append(Array(payload[start..<end]))
            start = end
        }
    }

    private mutating func resetPartial() {
        partial = []
        partialNext = 0
        partialCount = 0
    }
}
