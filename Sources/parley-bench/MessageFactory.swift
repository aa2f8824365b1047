import ParleyWire

/// Builds the bytes a client sends: its greeting and its benchmark messages, in the run's mode.
struct MessageFactory: Sendable {
    let mode: BenchMode
    /// Bytes of message text (the line size less its newline).
    let textSize: Int

    /// HELLO's request id (a client's first request; its later ones are its SUBMITs' keys).
    static let helloRequest: UInt64 = 1

    /// What a client sends first.
    ///
    /// - Line mode: nothing, or an empty line (`greetsLine`); with a room, `/join ROOM` (which
    ///   also tells parley-relay at once that this is a line client).
    /// - Native: HELLO asking for no history, listing the client's room (none: `#lobby`), after
    ///   the preamble on TCP.
    func greeting(nick: String, room: String?, greetsLine: Bool) -> [UInt8] {
        let hello = ClientMessage.hello(
            Hello(request: Self.helloRequest, nick: nick, history: 0, rooms: room.map { [RoomCursor(room: $0)] } ?? []))
        switch mode {
        case .line:
            if let room { return Array("/join \(room)\n".utf8) }
            return greetsLine ? [0x0A] : []
        case .tcp: return Preamble.bytes + hello.encoded()
        case .udp: return hello.encoded()
        }
    }

    /// The request id of a native SUBMIT (its idempotency key): sender and sequence, so it is
    /// unique per nick and never 0 (sequences start at 1).
    static func request(for payload: Payload) -> UInt64 { UInt64(payload.sender) << 32 | UInt64(payload.sequence) }

    /// Appends one message: a line with its newline, or a whole SUBMIT frame to `room` (its
    /// name's UTF-8; natively required, ignored in line mode, where a line goes to the current room).
    ///
    /// The SUBMIT frame is written by hand rather than through `ClientMessage`, so a flood does not
    /// build a `String` per message; `selfCheckProblem()` proves the two encodings equal.
    func append(_ payload: Payload, room: [UInt8], to buffer: inout [UInt8]) {
        switch mode {
        case .line:
            PayloadCodec.append(payload, textSize: textSize, to: &buffer)
            buffer.append(0x0A)
        case .tcp, .udp:
            // request u64, kind u8, destination (kind u8, name str8), text str16
            let bodyLength = UInt32(8 + 1 + 1 + 1 + room.count + 2 + textSize)
            let request = Self.request(for: payload)
            for shift in stride(from: 24, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: bodyLength >> UInt32(shift))) }
            buffer.append(ClientMessage.Kind.submit.rawValue)
            for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: request >> UInt64(shift))) }
            buffer.append(MessageKind.text.rawValue)
            buffer.append(Self.roomDestination)
            buffer.append(UInt8(room.count))
            buffer.append(contentsOf: room)
            buffer.append(UInt8(truncatingIfNeeded: textSize >> 8))
            buffer.append(UInt8(truncatingIfNeeded: textSize))
            PayloadCodec.append(payload, textSize: textSize, to: &buffer)
        }
    }

    /// The destination kind of a room on the wire (PROTOCOL.md: 1 room, 2 user).
    static let roomDestination: UInt8 = 1

    /// Why the hand-written SUBMIT, or the in-place reading of a CHAT's text, differs from
    /// ParleyWire's encoding, or `nil` when they agree.
    func selfCheckProblem() -> String? {
        guard mode != .line else { return nil }
        let payload = Payload(run: 0xBEEF, sender: 7, sequence: 42, sentAt: 123_456_789)
        let room = "#room7"
        var mine: [UInt8] = []
        append(payload, room: Array(room.utf8), to: &mine)
        var textBytes: [UInt8] = []
        PayloadCodec.append(payload, textSize: textSize, to: &textBytes)
        let text = String(decoding: textBytes, as: UTF8.self)
        let submit = Submit(request: Self.request(for: payload), to: .room(room), text: text)
        guard mine == ClientMessage.submit(submit).encoded() else { return "the SUBMIT encoding disagrees with ParleyWire's" }
        let chat = Chat(id: 9, time: 10, from: "b1x7", to: .room(room), request: submit.request, text: text)
        let frame = RelayMessage.chat(chat).encoded()
        let read = frame.withUnsafeBytes { bytes in
            FrameStream.chatText(UnsafeRawBufferPointer(rebasing: bytes[FrameHeader.size...])).map { Array($0) }
        }
        return read == textBytes ? nil : "the CHAT reader disagrees with ParleyWire's encoding"
    }
}
