import ParleyWire

/// Splits a native Parley TCP stream into frames. CHAT bodies are read in place (no strings are
/// built for the millions of them a flood brings, which would make the generator the bound);
/// every other frame is decoded by `ParleyWire` (`RelayMessage.decode`). `MessageFactory`'s self
/// check proves the in-place reader agrees with ParleyWire's encoding.
enum FrameStream {
    /// What came out of the stream.
    enum Event {
        /// ENTERED: the client is in a room (its own, or `#lobby`).
        case entered(Entered)
        /// A CHAT frame; the text is valid only during the call.
        case chat(text: UnsafeRawBufferPointer)
        /// An ERROR frame from the relay.
        case refused(ErrorReport)
        /// PING: to be answered with PONG and this token.
        case ping(UInt64)
        /// The stream broke the protocol; the connection should close.
        case violation(String)
    }

    /// Consumes `data` received by `client`, calling `handle` per event.
    static func consume(_ data: UnsafeRawBufferPointer, for client: BenchClient, handle: (Event) -> Void) {
        if client.carry.isEmpty {
            let used = split(data, client: client, handle: handle)
            if used < data.count { client.carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[used...])) }
        } else {
            client.carry.append(contentsOf: data)
            let used = client.carry.withUnsafeBytes { split($0, client: client, handle: handle) }
            client.carry.removeFirst(used)
        }
    }

    private static func split(_ data: UnsafeRawBufferPointer, client: BenchClient, handle: (Event) -> Void) -> Int {
        var offset = 0
        if client.awaitsPreamble {
            guard data.count >= Preamble.size else { return 0 }
            guard Array(data[0..<Preamble.magic.count]) == Preamble.magic else {
                handle(.violation("the relay did not begin with Parley's preamble"))
                return data.count
            }
            guard data[Preamble.magic.count] == Preamble.version else {
                handle(.violation("the relay speaks protocol version \(data[Preamble.magic.count]); this benchmark speaks \(Preamble.version)"))
                return data.count
            }
            client.awaitsPreamble = false
            offset = Preamble.size
        }
        while data.count - offset >= FrameHeader.size {
            var length = 0
            for i in 0..<4 { length = length << 8 | Int(data[offset + i]) }
            guard length <= Limits.maxBodyBytes else {
                handle(.violation("a frame claims \(length) bytes"))
                return data.count
            }
            guard data.count - offset >= FrameHeader.size + length else { break }
            let type = data[offset + 4]
            let body = UnsafeRawBufferPointer(rebasing: data[(offset + FrameHeader.size)..<(offset + FrameHeader.size + length)])
            offset += FrameHeader.size + length
            frame(type: type, body: body, handle: handle)
        }
        return offset
    }

    /// Handles one whole frame (from the stream, or delivered by the UDP link).
    static func frame(type: UInt8, body: UnsafeRawBufferPointer, handle: (Event) -> Void) {
        guard type != RelayMessage.Kind.chat.rawValue else {
            guard let text = chatText(body) else { return handle(.violation("a CHAT frame is malformed")) }
            return handle(.chat(text: text))
        }
        let message: RelayMessage
        do throws(WireError) {
            message = try RelayMessage.decode(type: type, body: ArraySlice(body))
        } catch {
            // A type this build does not know is a later relay's notification: skipped.
            if case .unknownType = error.problem { return }
            return handle(.violation("a frame from the relay is malformed: \(error)"))
        }
        switch message {
        case .entered(let entered): handle(.entered(entered))
        case .error(let report): handle(.refused(report))
        case .ping(let token): handle(.ping(token))
        default: break
        }
    }

    /// Handles one whole frame, header included, as the UDP link delivers it.
    static func frame(_ bytes: UnsafeRawBufferPointer, handle: (Event) -> Void) {
        guard bytes.count >= FrameHeader.size else { return handle(.violation("a delivered frame is shorter than its header")) }
        var length = 0
        for i in 0..<4 { length = length << 8 | Int(bytes[i]) }
        guard length == bytes.count - FrameHeader.size else { return handle(.violation("a delivered frame's length is wrong")) }
        frame(type: bytes[4], body: UnsafeRawBufferPointer(rebasing: bytes[FrameHeader.size...]), handle: handle)
    }

    /// The text of a CHAT body: id u64, time u64, kind u8, from str8, to (kind u8, name str8),
    /// request u64, text str16. Bytes after the text (fields a later revision may append) are skipped.
    static func chatText(_ body: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var at = 17
        guard body.count > at else { return nil }
        at += 1 + Int(body[at])  // from
        at += 1  // destination kind
        guard body.count > at else { return nil }
        at += 1 + Int(body[at]) + 8  // destination name, request
        guard body.count >= at + 2 else { return nil }
        let length = Int(body[at]) << 8 | Int(body[at + 1])
        at += 2
        guard body.count >= at + length else { return nil }
        return UnsafeRawBufferPointer(rebasing: body[at..<(at + length)])
    }
}
