import ParleyWire

/// Frames waiting for room in the send window, cut into fragments as they leave.
struct SendQueue: Sendable {
    /// One fragment ready to be numbered and sent.
    struct Fragment: Sendable {
        var payload: [UInt8]
        var index: UInt16
        var count: UInt16
    }

    private var frames: [[UInt8]] = []
    private var head = 0
    private var nextFragment = 0
    /// Bytes not yet handed out as fragments.
    private(set) var bytes = 0

    /// Frames with at least one fragment still waiting.
    var frameCount: Int { frames.count - head }
    /// Whether nothing is waiting.
    var isEmpty: Bool { head == frames.count }

    mutating func append(_ frame: [UInt8]) {
        frames.append(frame)
        bytes += frame.count
    }

    /// The next fragment of the oldest waiting frame.
    ///
    /// A whole frame that fits in one datagram takes the frames queued behind it along while
    /// they fit too (back to back; their headers say where each ends, PROTOCOL.md §4.3), so a
    /// burst of small frames costs one datagram, not one each. Only well-formed frames (a header
    /// whose length matches) are packed; anything else travels alone, as before.
    mutating func popFragment() -> Fragment? {
        guard head < frames.count else { return nil }
        let size = Datagram.maxFragmentPayload
        if nextFragment == 0, frames[head].count <= size, Self.isWellFormed(frames[head]),
            head + 1 < frames.count, frames[head].count + frames[head + 1].count <= size, Self.isWellFormed(frames[head + 1])
        {
            var payload = frames[head]
            payload.reserveCapacity(size)
            take()
            while head < frames.count, payload.count + frames[head].count <= size, Self.isWellFormed(frames[head]) {
                payload += frames[head]
                take()
            }
            bytes -= payload.count
            return Fragment(payload: payload, index: 0, count: 1)
        }
        let frame = frames[head]
        let count = max(1, (frame.count + size - 1) / size)
        let start = nextFragment * size
        let end = min(frame.count, start + size)
        let fragment = Fragment(payload: Array(frame[start..<end]), index: UInt16(nextFragment), count: UInt16(count))
        bytes -= end - start
        nextFragment += 1
        if nextFragment == count { take() }
        return fragment
    }

    /// Moves past the oldest frame (wholly handed out).
    private mutating func take() {
        frames[head] = []
        head += 1
        nextFragment = 0
        if head >= 64, head * 2 >= frames.count {
            frames.removeFirst(head)
            head = 0
        }
    }

    /// Whether `frame` is exactly one frame: a 5-byte header whose length covers the rest.
    static func isWellFormed(_ frame: [UInt8]) -> Bool {
        frameLength(in: frame, at: 0) == frame.count
    }

    /// The length (header included) of the frame starting at `offset`, or `nil` if there is
    /// not even a header there.
    static func frameLength(in bytes: [UInt8], at offset: Int) -> Int? {
        guard bytes.count - offset >= FrameHeader.size else { return nil }
        let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        return FrameHeader.size + length
    }
}
