import NIOCore
import ParleyRelayCore
import ParleyWire

/// Consecutive messages for one audience, encoded lazily and at most once per format: one
/// buffer of frames for every TCP recipient, one frame per message for UDP links (cut from the
/// same encoding), and one buffer of text for each of the two kinds of line recipient.
///
/// Guarded by: the relay's event loop (a local of one delivery).
struct DeliveryBatch {
    /// `.deliver` actions, all to the same audience, in order.
    let actions: ArraySlice<RelayAction>
    private var frameBytes: [UInt8]?
    /// Where each message's frame ends in `frameBytes`.
    private var frameEnds: [Int] = []
    private var framedBuffer: ByteBuffer?
    private var linkFrameList: [[UInt8]]?
    private var lineBuffers: [ByteBuffer?] = [nil, nil]
    private var linesFormatted = [false, false]

    init(_ actions: ArraySlice<RelayAction>) {
        self.actions = actions
    }

    /// Every message's frame, back to back: what a TCP recipient is written.
    mutating func framed() -> ByteBuffer {
        if let framedBuffer { return framedBuffer }
        let buffer = ByteBuffer(bytes: encodedFrames())
        framedBuffer = buffer
        return buffer
    }

    /// One frame per message: what a UDP link is sent (the link packs small frames itself).
    mutating func linkFrames() -> [[UInt8]] {
        if let linkFrameList { return linkFrameList }
        let bytes = encodedFrames()
        var frames: [[UInt8]] = []
        if frameEnds.count == 1 {
            frames = [bytes]
        } else {
            frames.reserveCapacity(frameEnds.count)
            var start = 0
            for end in frameEnds {
                frames.append(Array(bytes[start..<end]))
                start = end
            }
        }
        linkFrameList = frames
        return frames
    }

    /// What line clients see of the messages (`showingRoom`: with each message's room, for
    /// clients whose current room is another), or `nil` when none of them has a line form.
    mutating func lines(_ formatter: LineFormatter, showingRoom: Bool) -> ByteBuffer? {
        let slot = showingRoom ? 1 : 0
        if linesFormatted[slot] { return lineBuffers[slot] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(actions.count * 96)
        for case .deliver(let message, _) in actions {
            formatter.append(message, showingRoom: showingRoom, to: &bytes)
        }
        let buffer = bytes.isEmpty ? nil : ByteBuffer(bytes: bytes)
        lineBuffers[slot] = buffer
        linesFormatted[slot] = true
        return buffer
    }

    /// The messages' frames encoded straight into one array, each message once.
    private mutating func encodedFrames() -> [UInt8] {
        if let frameBytes { return frameBytes }
        var writer = ByteWriter(capacity: actions.count * 112)
        frameEnds.reserveCapacity(actions.count)
        for case .deliver(let message, _) in actions {
            message.encode(into: &writer)
            frameEnds.append(writer.bytes.count)
        }
        frameBytes = writer.bytes
        return writer.bytes
    }
}
