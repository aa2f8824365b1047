import ParleyWire

/// How messages look to a plain-text line client (nc, telnet).
///
/// Every string that came from a peer passes through `SafeText.sanitize`, so no peer can send
/// control characters or escape sequences to a line client's terminal. Each result ends in `\n`.
public struct LineFormatter: Sendable {
    /// The local time zone's offset from UTC, for `[HH:MM]`.
    public var utcOffsetSeconds: Int

    /// A line client joining a room larger than this gets a head count instead of the whole roster.
    public static let rosterLimitOnJoin = 30

    /// A formatter for the given time zone offset.
    public init(utcOffsetSeconds: Int = 0) {
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The text a line client sees for `message`, or `nil` for messages it never sees (PING, PONG, ...).
    ///
    /// - Parameter showingRoom: whether the client's current room is another one, so that room
    ///   messages and presence name their room (`[12:00] #dev <ada> text`).
    public func text(for message: RelayMessage, showingRoom: Bool = false) -> String? {
        switch message {
        case .chat(let chat):
            return chatLines(chat, showingRoom: showingRoom)
        case .welcome(let welcome):
            return "* Welcome to Parley, \(safe(welcome.nick)). Type to chat; /help lists the commands.\n"
        case .entered(let entered):
            var text = "* You are in \(safe(entered.room)) (\(entered.members) here); your lines go there.\n"
            if !entered.topic.isEmpty { text += "* Topic: \(safe(entered.topic))\n" }
            if entered.replayCount > 0 { text += "* The last \(entered.replayCount) messages:\n" }
            return text
        case .joined(let joined):
            return "* \(roomTag(joined.room, showingRoom))\(safe(joined.nick)) joined (\(joined.transport))\n"
        case .left(let left):
            let detail = left.detail.isEmpty ? "" : ": \(safe(left.detail))"
            return "* \(roomTag(left.room, showingRoom))\(safe(left.nick)) left (\(left.reason)\(detail))\n"
        case .renamed(let renamed):
            return "* \(safe(renamed.old)) is now known as \(safe(renamed.new))\n"
        case .roster(let roster):
            let names = roster.entries.sorted { Nick.folded($0.nick) < Nick.folded($1.nick) }.map { "\(safe($0.nick)) (\($0.transport))" }
            return "* in \(safe(roster.room)): \(names.joined(separator: ", "))\n"
        case .rooms(let list):
            var text = ""
            for entry in list.entries {
                let topic = entry.topic.isEmpty ? "" : ": \(safe(entry.topic))"
                text += "* \(safe(entry.room)) (\(entry.members))\(topic)\n"
            }
            return text.isEmpty ? nil : text
        case .topic(let topic):
            if topic.text.isEmpty { return "* \(safe(topic.room)) has no topic\n" }
            let by = topic.setBy.isEmpty ? "" : " (set by \(safe(topic.setBy)))"
            return "* topic of \(safe(topic.room))\(by): \(safe(topic.text))\n"
        case .error(let report):
            return prefixed("* error: ", safe(report.text, keepNewlines: true))
        case .notice(let text):
            return prefixed("* ", safe(text, keepNewlines: true))
        case .bye(let reason):
            return "* bye: \(safe(reason))\n"
        case .done, .ping, .pong:
            return nil
        }
    }

    /// `#room ` when the client is elsewhere, else nothing.
    private func roomTag(_ room: String, _ showing: Bool) -> String {
        showing ? "\(safe(room)) " : ""
    }

    /// `[HH:MM]` for a relay timestamp, in the configured time zone.
    public func clock(_ time: UInt64) -> String {
        let seconds = Int(time / 1000) + utcOffsetSeconds
        let minuteOfDay = ((seconds / 60) % 1440 + 1440) % 1440
        let hours = minuteOfDay / 60, minutes = minuteOfDay % 60
        return "[\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)]"
    }

    private func chatLines(_ chat: Chat, showingRoom: Bool) -> String {
        if chat.kind == .text, !chat.isPrivate, !showingRoom, Self.isPlain(chat.from), Self.isPlain(chat.text) {
            return plainChatLine(chat)
        }
        let from = chat.isPrivate ? "\(safe(chat.from)) → \(safe(chat.to.name))" : safe(chat.from)
        let room = showingRoom && !chat.isPrivate ? "\(safe(chat.to.name)) " : ""
        let head: String
        switch chat.kind {
        case .text: head = "\(clock(chat.time)) \(room)<\(from)> "
        case .action: head = "\(clock(chat.time)) \(room)* \(from) "
        }
        return prefixed(head, safe(chat.text, keepNewlines: true), continuation: "    ")
    }

    /// Whether `text` is printable ASCII only (nothing to sanitize, no newline).
    static func isPlain(_ text: String) -> Bool {
        // 0x20...0x7E: anything below 0x20 wraps around to 0xE0 and above.
        text.utf8.withContiguousStorageIfAvailable { bytes in bytes.allSatisfy { $0 &- 0x20 < 0x5F } }
            ?? text.utf8.allSatisfy { $0 &- 0x20 < 0x5F }
    }

    /// `[HH:MM] <from> text\n` for printable ASCII.
    private func plainChatLine(_ chat: Chat) -> String {
        var bytes: [UInt8] = []
        appendPlainChatLine(chat, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends what a line client sees for `message` (nothing for messages it never sees) to
    /// `bytes`: the relay gathers a batch of broadcasts into one buffer this way. A plain chat
    /// line, the common case, is written straight into the buffer with no string in between.
    public func append(_ message: RelayMessage, showingRoom: Bool = false, to bytes: inout [UInt8]) {
        if !showingRoom, case .chat(let chat) = message, chat.kind == .text, !chat.isPrivate, Self.isPlain(chat.from), Self.isPlain(chat.text) {
            appendPlainChatLine(chat, to: &bytes)
        } else if let text = text(for: message, showingRoom: showingRoom) {
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// `[HH:MM] <from> text\n`; `from` and `text` must be printable ASCII (`isPlain`).
    private func appendPlainChatLine(_ chat: Chat, to bytes: inout [UInt8]) {
        let seconds = Int(chat.time / 1000) + utcOffsetSeconds
        let minuteOfDay = ((seconds / 60) % 1440 + 1440) % 1440
        let hours = minuteOfDay / 60, minutes = minuteOfDay % 60
        let zero = UInt8(ascii: "0")
        bytes.append(UInt8(ascii: "["))
        bytes.append(zero + UInt8(hours / 10))
        bytes.append(zero + UInt8(hours % 10))
        bytes.append(UInt8(ascii: ":"))
        bytes.append(zero + UInt8(minutes / 10))
        bytes.append(zero + UInt8(minutes % 10))
        bytes.append(UInt8(ascii: "]"))
        bytes.append(UInt8(ascii: " "))
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: chat.from.utf8)
        bytes.append(UInt8(ascii: ">"))
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: chat.text.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// `head` before the first line, `continuation` before each later line of a multi-line text.
    private func prefixed(_ head: String, _ text: String, continuation: String? = nil) -> String {
        if !text.utf8.contains(0x0A) { return head + text + "\n" }
        var out = head
        out.reserveCapacity(head.utf8.count + text.utf8.count + 1)
        for scalar in text.unicodeScalars {
            out.unicodeScalars.append(scalar)
            if scalar == "\n" { out += continuation ?? head }
        }
        out += "\n"
        return out
    }

    private func safe(_ text: String, keepNewlines: Bool = false) -> String {
        SafeText.sanitize(text, keepNewlines: keepNewlines)
    }
}
