import ParleyWire

extension RelayCore {
    /// Tells the room that someone joined or left.
    ///
    /// In a small room the notice goes out at once. In a room of `presenceBatchThreshold` or
    /// more, notices wait for the next tick or the next message, whichever comes first, so a
    /// crowd joining costs each member one write per tick instead of one per join. Their order
    /// among themselves and relative to chat messages is kept.
    mutating func announce(_ message: Message, except: PeerID?, into out: inout [RelayAction]) {
        guard room.count >= settings.presenceBatchThreshold else {
            flushPresence(into: &out)
            out.append(.broadcast(message, except: except))
            return
        }
        deferredPresence.append(DeferredNotice(message: message, except: except))
        if deferredPresence.count >= RelayCore.maxDeferredPresence { flushPresence(into: &out) }
    }

    /// Sends every presence notice that is waiting, in order.
    mutating func flushPresence(into out: inout [RelayAction]) {
        guard !deferredPresence.isEmpty else { return }
        for notice in deferredPresence { out.append(.broadcast(notice.message, except: notice.except)) }
        deferredPresence.removeAll(keepingCapacity: true)
    }

    /// The most presence notices held back at once.
    static let maxDeferredPresence = 1024
}

/// A JOINED or LEFT notice held back for the next batch.
struct DeferredNotice: Sendable {
    let message: Message
    let except: PeerID?
}
