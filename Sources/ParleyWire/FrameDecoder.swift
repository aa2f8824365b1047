/// An incremental decoder for a stream of Parley frames: a TCP stream (after its preamble), or
/// the frames a UDP link delivers, decoded as `ClientMessage` (at the relay) or `RelayMessage`
/// (at a client).
///
/// Feed it whatever `read()` returned with `append(_:)`, then call `next()` until it returns
/// `nil` ("need more bytes"). A frame is consumed only once all of it has arrived, so split and
/// coalesced reads decode identically.
///
/// Memory: the decoder checks a frame's claimed length against `Limits.maxBodyBytes` as soon as
/// the 5-byte header is in, before waiting for (or reserving) the body.
///
/// After a fatal error (`WireError.isFatal`) every later call throws the same error. After a
/// non-fatal error the bad frame has been consumed and decoding continues with the next one.
// The decoder is generic over the message direction and used from other modules: it is
// @inlinable so that each user gets a specialised copy (no generic metadata lookups per frame).
public struct FrameDecoder<Message: WireMessage>: Sendable {
    @usableFromInline var buffer: [UInt8] = []
    @usableFromInline var readIndex = 0
    @usableFromInline var awaitingPreamble: Bool
    @usableFromInline var failure: WireError?

    /// Creates a decoder; with `expectsPreamble` it first checks the 5-byte preamble.
    @inlinable
    public init(expectsPreamble: Bool) {
        awaitingPreamble = expectsPreamble
    }

    /// Bytes received but not yet decoded.
    @inlinable
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes.
    @inlinable
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if readIndex > 0 && readIndex >= buffer.count / 2 {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message, or `nil` when more bytes are needed.
    @inlinable
    public mutating func next() throws(WireError) -> Message? {
        if let failure { throw failure }
        do {
            return try decodeNext()
        } catch {
            if error.isFatal { failure = error }
            throw error
        }
    }

    /// Checks the preamble if it is still awaited: `true` once it has been read (or was never
    /// expected), `false` while more bytes are needed.
    ///
    /// - Throws: `badMagic` or `unsupportedVersion` (fatal).
    @inlinable
    public mutating func readPreamble() throws(WireError) -> Bool {
        if let failure { throw failure }
        do {
            return try checkPreamble()
        } catch {
            failure = error
            throw error
        }
    }

    @inlinable
    mutating func checkPreamble() throws(WireError) -> Bool {
        if awaitingPreamble {
            // Check the magic byte by byte as it arrives, so garbage fails fast.
            let available = min(bufferedByteCount, Preamble.size)
            for i in 0..<min(available, Preamble.magic.count) where buffer[readIndex + i] != Preamble.magic[i] {
                throw .badMagic
            }
            guard available == Preamble.size else { return false }
            let version = buffer[readIndex + 4]
            guard version == Preamble.version else { throw .unsupportedVersion(version) }
            readIndex += Preamble.size
            awaitingPreamble = false
        }
        return true
    }

    @inlinable
    mutating func decodeNext() throws(WireError) -> Message? {
        guard try checkPreamble() else { return nil }
        guard bufferedByteCount >= FrameHeader.size else { return nil }
        var length: UInt32 = 0
        for i in 0..<4 { length = length << 8 | UInt32(buffer[readIndex + i]) }
        guard length <= UInt32(Limits.maxBodyBytes) else { throw .frameTooLarge(claimed: length) }
        let total = FrameHeader.size + Int(length)
        guard bufferedByteCount >= total else { return nil }
        let type = buffer[readIndex + 4]
        let body = buffer[(readIndex + FrameHeader.size)..<(readIndex + total)]
        readIndex += total
        if readIndex == buffer.count {
            defer { buffer.removeAll(keepingCapacity: buffer.capacity <= 2 * Limits.maxFrameBytes); readIndex = 0 }
            return try Message.decode(type: type, body: body)
        }
        return try Message.decode(type: type, body: body)
    }
}
