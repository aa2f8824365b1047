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
    mutating func popFragment() -> Fragment? {
        guard head < frames.count else { return nil }
        let frame = frames[head]
        let size = Datagram.maxFragmentPayload
        let count = max(1, (frame.count + size - 1) / size)
        let start = nextFragment * size
        let end = min(frame.count, start + size)
        let fragment = Fragment(payload: Array(frame[start..<end]), index: UInt16(nextFragment), count: UInt16(count))
        bytes -= end - start
        nextFragment += 1
        if nextFragment == count {
            frames[head] = []
            head += 1
            nextFragment = 0
            if head >= 64, head * 2 >= frames.count {
                frames.removeFirst(head)
                head = 0
            }
        }
        return fragment
    }
}
