/// The one input pipeline: bytes from a peer become messages (or text lines) here, for the
/// relay's TCP and UDP peers and for both client transports alike.
///
/// Stages, in order: stream classification (relay side only: a Parley client's first byte is
/// `0x89`, anything else is a line client), the preamble (TCP only), framing, decoding. Each
/// stage is pure; a later stage (a cipher) slots in between the preamble and the framing.
///
/// Feed whatever `read()` returned with `append(_:)`, then call `next()` until it returns `nil`.
/// After a fatal failure (`WireError.isFatal`) the stream yields nothing more.
// Generic over the message direction and used from other modules: @inlinable, so that each
// user gets a specialised copy (no generic metadata lookups per message).
public struct InboundStream<Message: WireMessage>: Sendable {
    /// What one peer's stream is.
    public enum Kind: Equatable, Sendable {
        /// Parley frames.
        case framed
        /// Plain-text lines (nc, telnet).
        case lines
    }

    /// How the stream begins.
    public enum Mode: Equatable, Sendable {
        /// A relay's TCP stream: framed or lines, told by the first byte (or by `declareLines()`).
        case classify(maxLineBytes: Int)
        /// A client's TCP stream: the relay's preamble, then frames.
        case framedWithPreamble
        /// A UDP link's frames: no preamble.
        case frames
    }

    /// One thing the stream yields.
    public enum Item: Equatable, Sendable {
        /// The stream's kind is now known (once, first): for `.framed`, its preamble was valid.
        case classified(Kind)
        /// A decoded message.
        case message(Message)
        /// A line from a line client, without its line ending.
        case line(String)
        /// A line over the limit was discarded.
        case lineTooLong
        /// A frame could not be decoded (the stream goes on), or a fatal error (it ends).
        case failure(WireError)
    }

    @usableFromInline var frames: FrameDecoder<Message>
    @usableFromInline var splitter: LineSplitter?
    @usableFromInline var pendingLines: [LineSplitter.Piece] = []
    @usableFromInline var pendingIndex = 0
    @usableFromInline var maxLineBytes: Int
    @usableFromInline var announced: Bool
    @usableFromInline var ended = false
    @usableFromInline var knownKind: Kind?
    /// `nil` until known.
    public var kind: Kind? { knownKind }

    @inlinable
    public init(_ mode: Mode) {
        switch mode {
        case .classify(let maxLineBytes):
            frames = FrameDecoder(expectsPreamble: true)
            self.maxLineBytes = maxLineBytes
            announced = false
        case .framedWithPreamble:
            frames = FrameDecoder(expectsPreamble: true)
            maxLineBytes = 0
            knownKind = .framed
            announced = true
        case .frames:
            frames = FrameDecoder(expectsPreamble: false)
            maxLineBytes = 0
            knownKind = .framed
            announced = true
        }
    }

    /// Bytes held that do not yet make a whole frame or line.
    @inlinable
    public var bufferedByteCount: Int { splitter?.bufferedByteCount ?? frames.bufferedByteCount }

    /// A classifying stream that has received nothing is a line client (it waited for a greeting).
    @inlinable
    public mutating func declareLines() {
        guard knownKind == nil else { return }
        knownKind = .lines
        splitter = LineSplitter(maxLineBytes: maxLineBytes)
    }

    /// Adds received bytes.
    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        guard !ended, !bytes.isEmpty else { return }
        if knownKind == nil {
            if Preamble.isFramed(firstByte: bytes[0]) { knownKind = .framed } else { declareLines() }
        }
        if var splitter {
            // Lines are split as they arrive; `next()` hands them out one by one.
            self.splitter = nil
            if pendingIndex == pendingLines.count {
                pendingLines.removeAll(keepingCapacity: true)
                pendingIndex = 0
            }
            pendingLines.append(contentsOf: splitter.append(bytes))
            self.splitter = splitter
        } else {
            frames.append(bytes)
        }
    }

    /// The end of input: a last unterminated line still counts.
    @inlinable
    public mutating func finish() {
        guard var splitter else { return }
        self.splitter = nil
        pendingLines.append(contentsOf: splitter.finish())
        self.splitter = splitter
    }

    /// The next item, or `nil` when more bytes are needed.
    @inlinable
    public mutating func next() -> Item? {
        guard let kind = knownKind, !ended else { return nil }
        switch kind {
        case .lines:
            if !announced {
                announced = true
                return .classified(.lines)
            }
            guard pendingIndex < pendingLines.count else { return nil }
            defer { pendingIndex += 1 }
            switch pendingLines[pendingIndex] {
            case .line(let line): return .line(line)
            case .tooLong: return .lineTooLong
            }
        case .framed:
            do throws(WireError) {
                if !announced {
                    guard try frames.readPreamble() else { return nil }
                    announced = true
                    return .classified(.framed)
                }
                return try frames.next().map { .message($0) }
            } catch {
                if error.isFatal { ended = true }
                return .failure(error)
            }
        }
    }
}
