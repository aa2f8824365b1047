import ParleyWire

extension RelayCore {
    /// Carries out a line client's command: the same requests a Parley client sends, aimed at
    /// its current room or private conversation.
    mutating func perform(_ command: LineCommand, from id: PeerID, now: UInt64, into out: inout [RelayAction]) {
        guard let peer = withPeer(id, { LineView($0) }), peer.isJoined else { return }
        if case .say(let text) = command, peer.query == nil, let current = peer.currentRoom {
            // The common case first, without looking the room up twice: a line for the current
            // room (its folded name finds it; the CHAT carries the name as created).
            submit(Submit(request: 0, kind: .text, to: .room(current), text: text), from: id, now: now, into: &out)
            return
        }
        let current = peer.currentRoom.flatMap { rooms[$0]?.name }
        switch command {
        case .nothing:
            return
        case .say(let text), .action(let text):
            let kind: MessageKind = command == .say(text) ? .text : .action
            if let query = peer.query {
                submit(Submit(request: 0, kind: kind, to: .user(query), text: text), from: id, now: now, into: &out)
            } else if let current {
                submit(Submit(request: 0, kind: kind, to: .room(current), text: text), from: id, now: now, into: &out)
            } else {
                out.append(.send(.notice("you are in no room; /join one (/list shows them)"), to: id))
            }
        case .privateMessage(let target, let text):
            submit(Submit(request: 0, kind: .text, to: .user(target), text: text), from: id, now: now, into: &out)
        case .nick(let nick):
            rename(id, to: nick, request: 0, now: now, into: &out)
        case .join(let room):
            enter(id, room: room, cursor: 0, history: Hello.defaultHistory, request: 0, now: now, into: &out)
        case .part(let room, let reason):
            guard let room = room ?? current else {
                out.append(.send(.notice("you are in no room"), to: id))
                return
            }
            leave(id, room: room, reason: reason, request: 0, now: now, into: &out)
            if peers[id] != nil, !(peers[id]?.isIn(RoomName.folded(room)) ?? true) {
                let now = peers[id]?.currentRoom.flatMap { rooms[$0]?.name }
                out.append(.send(.notice("you left \(room)" + (now.map { "; you are in \($0)" } ?? "; /join a room to chat")), to: id))
            }
        case .list:
            listRooms(for: id, request: 0, now: now, into: &out)
        case .topic(let text):
            guard let current else {
                out.append(.send(.notice("you are in no room"), to: id))
                return
            }
            topic(id, request: TopicRequest(request: 0, room: current, newTopic: text), now: now, into: &out)
        case .names(let room):
            guard let room = room ?? current else {
                out.append(.send(.notice("you are in no room"), to: id))
                return
            }
            who(id, room: room, request: 0, now: now, into: &out)
        case .query(let nick):
            guard let member = members[Nick.folded(nick)], let target = peers[member] else {
                reject(id, code: .noSuchNick, text: "nobody called \(nick.truncatedUTF8(maxBytes: Limits.maxNickLength)) is here", now: now, into: &out)
                return
            }
            focus(id, room: peer.currentRoom, query: target.nick)
            out.append(.send(.notice("talking privately with \(target.nick); /close to go back"), to: id))
        case .close:
            focus(id, room: peer.currentRoom, query: nil)
            out.append(.send(.notice(current.map { "back in \($0)" } ?? "you are in no room"), to: id))
        case .quit(let reason):
            out.append(.send(.notice("bye"), to: id))
            quit(id, reason: reason, now: now, into: &out)
        case .help:
            out.append(.send(.notice(LineCommand.helpText), to: id))
        case .usage(let usage):
            out.append(.send(.notice(usage), to: id))
        case .unknown(let name):
            let shown = name.truncatedUTF8(maxBytes: 40)
            reject(id, code: .unknownRequest, text: "unknown command /\(shown); /help lists the commands", now: now, into: &out)
        }
    }
}

/// What a line command needs to know of its sender, read without copying the whole `Peer`.
struct LineView {
    let isJoined: Bool
    let currentRoom: String?
    let query: String?

    init(_ peer: borrowing Peer) {
        isJoined = peer.phase == .joined
        currentRoom = peer.currentRoom
        query = peer.query
    }
}
