import ParleyStoreModel
import ParleyWire

/// A chat message accepted and stamped, waiting for its store write to commit before anyone
/// sees it (durable relays only).
struct AwaitingCommit: Sendable {
    let ticket: StoreTicket
    let chat: Chat
    /// The room's folded name, or `nil` for a private message.
    let room: String?
    /// The connection that sent it, which gets the echo (and, for a line client, not its own room line).
    let sender: PeerID
    let senderIsLine: Bool
}

/// A submission accepted but not yet committed: a resubmission of it is answered by its commit.
struct SubmissionKey: Hashable, Sendable {
    let nick: String
    let key: UInt64
}

extension RelayCore {
    /// Asks the store to keep `write` (durable relays only).
    mutating func persist(_ write: StoreWrite, into out: inout [RelayAction]) {
        guard settings.durable else { return }
        out.append(.store(write, ticket: nextTicket()))
    }

    mutating func nextTicket() -> StoreTicket {
        storeSequence += 1
        return StoreTicket(generation: storeGeneration, sequence: storeSequence)
    }

    /// A stamped message: stored first and delivered once committed (durable), or delivered now.
    mutating func accept(_ chat: Chat, room folded: String?, from sender: PeerID, senderIsLine: Bool, into out: inout [RelayAction]) {
        counters.messagesIn += 1
        guard settings.durable else {
            commit(AwaitingCommit(ticket: StoreTicket(generation: 0, sequence: 0), chat: chat, room: folded, sender: sender, senderIsLine: senderIsLine), into: &out)
            return
        }
        let ticket = nextTicket()
        out.append(.store(.message(room: folded ?? StoreWrite.privateRoom, chat), ticket: ticket))
        if chat.request != 0 {
            let nick = Nick.folded(chat.from)
            out.append(.store(.submission(nick: nick, key: chat.request, room: folded ?? StoreWrite.privateRoom, id: chat.id, time: chat.time), ticket: ticket))
            awaitingKeys.insert(SubmissionKey(nick: nick, key: chat.request))
        }
        awaiting.append(AwaitingCommit(ticket: ticket, chat: chat, room: folded, sender: sender, senderIsLine: senderIsLine))
        if settings.deliversBeforeCommit { deliverToOthers(chat, room: folded, sender: sender, into: &out) }
    }

    /// `deliversBeforeCommit`: everyone but the sender gets the message now.
    mutating func deliverToOthers(_ chat: Chat, room folded: String?, sender: PeerID, into out: inout [RelayAction]) {
        flushPresence(into: &out)
        guard let folded else {
            if let recipient = members[Nick.folded(chat.to.name)], recipient != sender {
                out.append(.send(.chat(chat), to: recipient))
                counters.deliveries += 1
            }
            return
        }
        guard let roomIndex = rooms.index(forKey: folded) else { return }
        let audience = Self.read(&rooms.values[roomIndex]) { $0.audience(except: sender) }
        out.append(.deliver(.chat(chat), to: audience))
        counters.deliveries += UInt64(audience.framed.count + audience.lines.count + audience.linesElsewhere.count - 1)
    }

    /// Refuses a message to `id` if the store is too far behind to take another (durable relays).
    ///
    /// - Returns: whether the message was refused.
    mutating func refuseIfStoreBehind(_ id: PeerID, request: UInt64, into out: inout [RelayAction]) -> Bool {
        guard settings.durable, awaiting.count - awaitingHead >= settings.maxAwaitingCommit else { return false }
        counters.rejections[.storageUnavailable, default: 0] += 1
        let text = "the relay is busy storing messages; this message was not sent, try again in a moment"
        out.append(.send(.error(ErrorReport(request: request, code: .storageUnavailable, text: text)), to: id))
        return true
    }

    /// Whether `key` of `nick` was accepted and is waiting for its commit.
    func isAwaitingCommit(nick: String, key: UInt64) -> Bool {
        !awaitingKeys.isEmpty && awaitingKeys.contains(SubmissionKey(nick: Nick.folded(nick), key: key))
    }

    /// A message is kept: into its history, its key into the ledger, and out to its audience as
    /// it is now (a room's members; a private message's two sides, by nick, so a sender or
    /// recipient that reconnected meanwhile gets it on its new connection).
    mutating func commit(_ entry: AwaitingCommit, into out: inout [RelayAction]) {
        let chat = entry.chat
        let nick = Nick.folded(chat.from)
        if settings.durable && settings.deliversBeforeCommit {
            // The others have it already: keep it, and echo it to its sender.
            if let folded = entry.room {
                if let index = rooms.index(forKey: folded) {
                    Self.read(&rooms.values[index]) { room in if chat.id == room.history.lastID + 1 { room.history.append(chat) } }
                }
            } else if chat.id == privateHistory.lastID + 1 {
                privateHistory.append(chat)
            }
            if chat.request != 0 {
                ledger.record(nick: nick, key: chat.request, RecentKeys.Stamp(room: entry.room, id: chat.id, time: chat.time))
            }
            if !entry.senderIsLine, peers[entry.sender] != nil {
                out.append(.send(.chat(chat), to: entry.sender))
                counters.deliveries += 1
            }
            return
        }
        guard let folded = entry.room else {
            if chat.id == privateHistory.lastID + 1 { privateHistory.append(chat) }
            if chat.request != 0 { ledger.record(nick: nick, key: chat.request, RecentKeys.Stamp(room: nil, id: chat.id, time: chat.time)) }
            flushPresence(into: &out)
            let recipient = members[Nick.folded(chat.to.name)]
            let sender = peers[entry.sender] != nil ? entry.sender : members[nick]
            if let recipient {
                out.append(.send(.chat(chat), to: recipient))
                counters.deliveries += 1
            }
            if let sender, sender != recipient {
                out.append(.send(.chat(chat), to: sender))
                counters.deliveries += 1
            }
            return
        }
        if chat.request != 0 { ledger.record(nick: nick, key: chat.request, RecentKeys.Stamp(room: folded, id: chat.id, time: chat.time)) }
        // The room is read and written in place (one hash of its name, no copy of the room and
        // its history ring). A room dropped and made again meanwhile numbers after this message.
        guard let roomIndex = rooms.index(forKey: folded) else { return }
        let except = entry.senderIsLine ? entry.sender : nil
        let audience: Audience? = Self.read(&rooms.values[roomIndex]) { room in
            guard chat.id == room.history.lastID + 1 else { return nil }
            room.history.append(chat)
            return room.audience(except: except)
        }
        guard let audience else { return }
        flushPresence(into: &out)  // members learn who joined before they hear from them
        out.append(.deliver(.chat(chat), to: audience))
        counters.deliveries += UInt64(audience.framed.count + audience.lines.count + audience.linesElsewhere.count - (except == nil ? 0 : 1))
    }

    /// The store committed everything up to `ticket`: what waited for it goes out, in order.
    mutating func stored(through ticket: StoreTicket, now: UInt64, into out: inout [RelayAction]) {
        if storeFailing && ticket.generation == storeGeneration {
            storeFailing = false
            out.append(.log(.storeRecovered))
        }
        var released = 0
        while awaitingHead + released < awaiting.count && awaiting[awaitingHead + released].ticket.sequence <= ticket.sequence {
            released += 1
        }
        guard released > 0 else { return }
        for index in awaitingHead..<(awaitingHead + released) {
            let entry = awaiting[index]
            if entry.chat.request != 0 { awaitingKeys.remove(SubmissionKey(nick: Nick.folded(entry.chat.from), key: entry.chat.request)) }
            commit(entry, into: &out)
        }
        awaitingHead += released
        if awaitingHead == awaiting.count {
            awaiting.removeAll(keepingCapacity: true)
            awaitingHead = 0
        } else if awaitingHead > 4096 && awaitingHead * 2 > awaiting.count {
            awaiting.removeFirst(awaitingHead)
            awaitingHead = 0
        }
    }

    /// The store failed: every message not yet committed is refused to its sender (a clear
    /// ERROR; nobody else saw it), and the ids they were given are given again. The store
    /// skips whatever else of this generation it still has.
    mutating func storeFailed(through ticket: StoreTicket, reason: String, now: UInt64, into out: inout [RelayAction]) {
        guard ticket.generation == storeGeneration else { return }  // already handled
        storeGeneration += 1
        storeFailing = true
        let refused = awaiting[awaitingHead...]
        for entry in refused {
            guard peers[entry.sender] != nil else { continue }
            counters.rejections[.storageUnavailable, default: 0] += 1
            let text = "the relay cannot store messages right now; this message was not sent"
            out.append(.send(.error(ErrorReport(request: entry.chat.request, code: .storageUnavailable, text: text)), to: entry.sender))
        }
        out.append(.log(.storeFailed(reason: reason.truncatedUTF8(maxBytes: Limits.maxDetailBytes), refused: refused.count)))
        awaiting.removeAll()
        awaitingHead = 0
        awaitingKeys.removeAll()
        for index in rooms.values.indices {
            Self.read(&rooms.values[index]) { $0.stampedID = $0.history.lastID }
        }
        privateStampedID = privateHistory.lastID
    }

    /// Forgets, once a minute, what is older than `historyMaxAge`, in memory and in the store.
    mutating func expireHistory(now: UInt64, into out: inout [RelayAction]) {
        guard settings.historyMaxAge > 0, now >= nextExpiryAt else { return }
        nextExpiryAt = now + RelayCore.expiryInterval
        guard now > settings.historyMaxAge else { return }
        let cutoff = now - settings.historyMaxAge
        for index in rooms.values.indices {
            _ = Self.read(&rooms.values[index]) { $0.history.expire(before: cutoff) }
        }
        privateHistory.expire(before: cutoff)
        persist(.expire(before: cutoff), into: &out)
    }

    /// How often old history is forgotten when `historyMaxAge` is set.
    static let expiryInterval: UInt64 = 60_000

    /// Rebuilds rooms, histories, the ledger and resume tokens from what a store kept.
    mutating func restore(_ snapshot: StoreSnapshot) {
        var stamped = snapshot.roomMessagesStamped
        for stored in snapshot.rooms { stamped = max(stamped, stored.lastID) }
        for stored in snapshot.rooms where stored.key != StoreWrite.privateRoom {
            // A room kept only for its topic may have been numbering after the count, like any new room.
            let lastID = stored.lastID == 0 ? stamped : stored.lastID
            var room = Room(name: stored.name, capacity: settings.historyCapacity, idsAfter: lastID, now: 0)
            let kept = RelayCore.contiguousTail(stored.messages.map { History.Entry(chat: $0) }, endingAt: lastID)
            room.history = History(capacity: settings.historyCapacity, lastID: lastID - UInt64(kept.count))
            for entry in kept { room.history.append(entry) }
            room.stampedID = lastID
            room.topic = stored.topic
            room.topicSetBy = stored.topicSetBy
            room.topicTime = stored.topicTime
            rooms[stored.key] = room
        }
        roomMessagesStamped = stamped
        let lastPrivate = max(snapshot.privateLastID, snapshot.privateMessages.last?.chat.id ?? 0)
        let entries = snapshot.privateMessages.map {
            History.Entry(chat: $0.chat, sealedForSender: $0.sealedForSender, sealedForRecipient: $0.sealedForRecipient)
        }
        let kept = RelayCore.contiguousTail(entries, endingAt: lastPrivate)
        privateHistory = History(capacity: settings.historyCapacity, lastID: lastPrivate - UInt64(kept.count))
        for entry in kept { privateHistory.append(entry) }
        privateStampedID = lastPrivate
        for submission in snapshot.submissions {
            let room = submission.room == StoreWrite.privateRoom ? nil : submission.room
            ledger.record(nick: submission.nick, key: submission.key, RecentKeys.Stamp(room: room, id: submission.id, time: submission.time))
        }
        for token in snapshot.tokens { resumeTokens.restore(token.token, for: token.nick) }
    }

    /// The newest entries whose ids run without a hole up to `lastID` (a store returns them so;
    /// anything else is left out rather than break the history's arithmetic).
    static func contiguousTail(_ entries: [History.Entry], endingAt lastID: UInt64) -> ArraySlice<History.Entry> {
        var start = entries.count
        var expected = lastID
        while start > 0 && expected > 0 && entries[start - 1].chat.id == expected {
            start -= 1
            expected -= 1
        }
        return entries[start...]
    }
}
