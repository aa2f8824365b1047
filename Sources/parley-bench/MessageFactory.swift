import ParleyWire

/// Builds the bytes a client sends: its greeting and its benchmark messages, in the run's mode.
struct MessageFactory: Sendable {
    let mode: BenchMode
    /// Bytes of message text (the line size less its newline).
    let textSize: Int

    /// What a client sends first: nothing (or an empty line) for a line client; the preamble and HELLO (no history) natively.
    func greeting(nick: String, greetsLine: Bool) -> [UInt8] {
        switch mode {
        case .line: return greetsLine ? [0x0A] : []
        case .tcp: return Preamble.bytes + Message.hello(Hello(nick: nick, history: 0)).encoded()
        case .udp: return Message.hello(Hello(nick: nick, history: 0)).encoded()
        }
    }

    /// The idempotency key of a native SUBMIT: sender and sequence, so it is unique per run.
    static func key(for payload: Payload) -> UInt64 { UInt64(payload.sender) << 32 | UInt64(payload.sequence) }

    /// Appends one message: a line with its newline, or a whole SUBMIT frame.
    ///
    /// The SUBMIT frame is written by hand rather than through `Message`, so a flood does not build a
    /// `String` per message; `selfCheckProblem()` proves the two encodings equal.
    func append(_ payload: Payload, to buffer: inout [UInt8]) {
        switch mode {
        case .line:
            PayloadCodec.append(payload, textSize: textSize, to: &buffer)
            buffer.append(0x0A)
        case .tcp, .udp:
            let bodyLength = UInt32(8 + 1 + 1 + 2 + textSize)
            let key = Self.key(for: payload)
            for shift in stride(from: 24, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: bodyLength >> UInt32(shift))) }
            buffer.append(MessageType.submit.rawValue)
            for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: key >> UInt64(shift))) }
            buffer.append(MessageKind.text.rawValue)
            buffer.append(0)  // no target: the whole room
            buffer.append(UInt8(truncatingIfNeeded: textSize >> 8))
            buffer.append(UInt8(truncatingIfNeeded: textSize))
            PayloadCodec.append(payload, textSize: textSize, to: &buffer)
        }
    }

    /// Why the hand-written SUBMIT differs from ParleyWire's encoding, or `nil` when they agree.
    func selfCheckProblem() -> String? {
        guard mode != .line else { return nil }
        let payload = Payload(run: 0xBEEF, sender: 7, sequence: 42, sentAt: 123_456_789)
        var mine: [UInt8] = []
        append(payload, to: &mine)
        var text: [UInt8] = []
        PayloadCodec.append(payload, textSize: textSize, to: &text)
        let submit = Submit(key: Self.key(for: payload), text: String(decoding: text, as: UTF8.self))
        let reference = Message.submit(submit).encoded()
        return mine == reference ? nil : "the SUBMIT encoding disagrees with ParleyWire's"
    }
}
