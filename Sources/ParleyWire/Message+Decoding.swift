extension Message {
    /// Decodes one frame body of the given type.
    ///
    /// - Throws: `WireError` for an unknown type, a short or long body, invalid UTF-8,
    ///   an over-limit field or an undefined enum value. Never allocates more than `body.count` bytes.
    public static func decode(type rawType: UInt8, body: ArraySlice<UInt8>) throws(WireError) -> Message {
        guard let type = MessageType(rawValue: rawType) else { throw .unknownType(rawType) }
        var r = ByteReader(body, type: rawType)
        let message: Message
        switch type {
        case .hello:
            let nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
            let resumeAfter = try r.readUInt64()
            let history = try r.readUInt16()
            message = .hello(Hello(nick: nick, resumeAfter: resumeAfter, history: history, resumeToken: try r.readUInt64()))
        case .welcome:
            let nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
            let lastID = try r.readUInt64()
            let time = try r.readUInt64()
            let resume = try decodeEnum(ResumeStatus.self, try r.readUInt8(), field: "resume")
            let replayCount = try r.readUInt32()
            message = .welcome(Welcome(nick: nick, lastID: lastID, time: time, resume: resume, replayCount: replayCount, resumeToken: try r.readUInt64()))
        case .submit:
            let key = try r.readUInt64()
            let kind = try decodeEnum(MessageKind.self, try r.readUInt8(), field: "kind")
            let target = try r.readString8(field: "target", maxBytes: Limits.maxNickLength)
            let text = try r.readString16(field: "text", maxBytes: Limits.maxTextBytes)
            message = .submit(Submit(key: key, kind: kind, target: target, text: text))
        case .chat:
            let id = try r.readUInt64()
            let time = try r.readUInt64()
            let kind = try decodeEnum(MessageKind.self, try r.readUInt8(), field: "kind")
            let from = try r.readString8(field: "from", maxBytes: Limits.maxNickLength)
            let target = try r.readString8(field: "target", maxBytes: Limits.maxNickLength)
            let key = try r.readUInt64()
            let text = try r.readString16(field: "text", maxBytes: Limits.maxTextBytes)
            message = .chat(Chat(id: id, time: time, kind: kind, from: from, target: target, key: key, text: text))
        case .nick:
            message = .nick(try r.readString8(field: "nick", maxBytes: Limits.maxNickLength))
        case .renamed:
            let old = try r.readString8(field: "old nick", maxBytes: Limits.maxNickLength)
            let new = try r.readString8(field: "new nick", maxBytes: Limits.maxNickLength)
            message = .renamed(Renamed(old: old, new: new, time: try r.readUInt64()))
        case .joined:
            let nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
            let transport = try decodeEnum(Transport.self, try r.readUInt8(), field: "transport")
            message = .joined(Joined(nick: nick, transport: transport, time: try r.readUInt64()))
        case .left:
            let nick = try r.readString8(field: "nick", maxBytes: Limits.maxNickLength)
            let reason = try decodeEnum(LeaveReason.self, try r.readUInt8(), field: "reason")
            let detail = try r.readString16(field: "detail", maxBytes: Limits.maxDetailBytes)
            message = .left(Left(nick: nick, reason: reason, detail: detail, time: try r.readUInt64()))
        case .who:
            message = .who
        case .roster:
            let final = try r.readUInt8()
            guard final <= 1 else { throw .invalidValue(field: "final", value: UInt64(final)) }
            let count = Int(try r.readUInt16())
            guard count <= Limits.maxRosterEntriesPerFrame else { throw .invalidValue(field: "roster count", value: UInt64(count)) }
            // Each entry takes at least 2 bytes; refuse a count the body cannot hold before reserving anything.
            guard count * 2 <= r.remaining else { throw .truncated(type: rawType) }
            var entries: [RosterEntry] = []
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let nick = try r.readString8(field: "roster nick", maxBytes: Limits.maxNickLength)
                entries.append(RosterEntry(nick: nick, transport: try decodeEnum(Transport.self, try r.readUInt8(), field: "transport")))
            }
            message = .roster(Roster(isFinal: final == 1, entries: entries))
        case .error:
            let code = try decodeEnum(ErrorCode.self, try r.readUInt16(), field: "error code")
            let key = try r.readUInt64()
            message = .error(ErrorReport(code: code, key: key, text: try r.readString16(field: "error text", maxBytes: Limits.maxDetailBytes)))
        case .notice:
            message = .notice(try r.readString16(field: "notice", maxBytes: Limits.maxTextBytes))
        case .ping:
            message = .ping(try r.readUInt64())
        case .pong:
            message = .pong(try r.readUInt64())
        case .bye:
            message = .bye(try r.readString16(field: "reason", maxBytes: Limits.maxDetailBytes))
        }
        try r.finish()
        return message
    }

    /// Decodes one complete frame (header and body) held in `frame`.
    public static func decode(frame: [UInt8]) throws(WireError) -> Message {
        var decoder = FrameDecoder(expectsPreamble: false)
        decoder.append(frame)
        guard let message = try decoder.next(), decoder.bufferedByteCount == 0 else {
            throw .truncated(type: frame.count > 4 ? frame[4] : 0)
        }
        return message
    }

    private static func decodeEnum<E: RawRepresentable>(_: E.Type, _ raw: E.RawValue, field: String) throws(WireError) -> E
    where E.RawValue: BinaryInteger {
        guard let value = E(rawValue: raw) else { throw .invalidValue(field: field, value: UInt64(raw)) }
        return value
    }
}
