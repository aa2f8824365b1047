import ParleyWire

extension RelayCore {
    /// Bytes from a line client: split into lines and act on each.
    mutating func receiveLines(_ bytes: [UInt8], from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let pieces = peers[id]?.lines?.append(bytes) else { return }
        for piece in pieces where peers[id] != nil {
            handle(piece, from: id, now: now, into: &out)
        }
    }

    /// One line (or an over-long one) from a line client.
    mutating func handle(_ piece: LineSplitter.Piece, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        switch piece {
        case .tooLong:
            let text = "a line is at most \(settings.maxLineBytes) bytes; that one was not sent"
            reject(id, code: .textTooLong, text: text, now: now, into: &out)
        case .line(let text):
            perform(LineCommand(parsing: text), from: id, now: now, into: &out)
        }
    }

    /// Carries out a line client's command.
    mutating func perform(_ command: LineCommand, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        switch command {
        case .nothing:
            return
        case .say(let text):
            submit(Submit(key: 0, kind: .text, text: text), from: id, now: now, into: &out)
        case .action(let text):
            submit(Submit(key: 0, kind: .action, text: text), from: id, now: now, into: &out)
        case .privateMessage(let target, let text):
            submit(Submit(key: 0, kind: .text, target: target, text: text), from: id, now: now, into: &out)
        case .nick(let nick):
            rename(id, to: nick, now: now, into: &out)
        case .who:
            handle(.who, from: id, now: now, into: &out)
        case .quit(let reason):
            out.append(.send(.notice("bye"), to: id))
            quit(id, reason: reason, now: now, into: &out)
        case .help:
            out.append(.send(.notice(LineCommand.helpText), to: id))
        case .usage(let usage):
            out.append(.send(.notice(usage), to: id))
        case .unknown(let name):
            let shown = name.truncatedUTF8(maxBytes: 40)
            reject(id, code: .protocolViolation, text: "unknown command /\(shown); /help lists the commands", now: now, into: &out)
        }
    }
}
