extension Message {
    /// The complete frame for this message: header and body.
    ///
    /// Strings longer than their limits are cut at a scalar boundary rather than trapping;
    /// callers validate user input before they get here.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 64)
        encode(into: &writer)
        return writer.bytes
    }

    /// Appends this message's complete frame to `writer`.
    public func encode(into writer: inout ByteWriter) {
        let start = writer.bytes.count
        writer.write(UInt32(0))  // the body's length, known once it is written
        writer.write(type.rawValue)
        encodeBody(into: &writer)
        writer.overwrite(UInt32(writer.bytes.count - start - FrameHeader.size), at: start)
    }

    /// Writes the body only, without the frame header.
    public func encodeBody(into w: inout ByteWriter) {
        switch self {
        case .hello(let m):
            w.writeString8(m.nick)
            w.write(m.resumeAfter)
            w.write(m.history)
            w.write(m.resumeToken)
        case .welcome(let m):
            w.writeString8(m.nick)
            w.write(m.lastID)
            w.write(m.time)
            w.write(m.resume.rawValue)
            w.write(m.replayCount)
            w.write(m.resumeToken)
        case .submit(let m):
            w.write(m.key)
            w.write(m.kind.rawValue)
            w.writeString8(m.target)
            w.writeString16(m.text)
        case .chat(let m):
            w.write(m.id)
            w.write(m.time)
            w.write(m.kind.rawValue)
            w.writeString8(m.from)
            w.writeString8(m.target)
            w.write(m.key)
            w.writeString16(m.text)
        case .nick(let nick):
            w.writeString8(nick)
        case .renamed(let m):
            w.writeString8(m.old)
            w.writeString8(m.new)
            w.write(m.time)
        case .joined(let m):
            w.writeString8(m.nick)
            w.write(m.transport.rawValue)
            w.write(m.time)
        case .left(let m):
            w.writeString8(m.nick)
            w.write(m.reason.rawValue)
            w.writeString16(m.detail)
            w.write(m.time)
        case .who:
            break
        case .roster(let m):
            let entries = m.entries.prefix(Limits.maxRosterEntriesPerFrame)
            w.write(UInt8(m.isFinal ? 1 : 0))
            w.write(UInt16(entries.count))
            for entry in entries {
                w.writeString8(entry.nick)
                w.write(entry.transport.rawValue)
            }
        case .error(let m):
            w.write(m.code.rawValue)
            w.write(m.key)
            w.writeString16(m.text)
        case .notice(let text), .bye(let text):
            w.writeString16(text)
        case .ping(let token), .pong(let token):
            w.write(token)
        }
    }
}
