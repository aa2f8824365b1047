import ParleyWire

extension RelayCore {
    /// Tells a room that someone entered or left it.
    ///
    /// In a small room the notice goes out at once. In a room of `presenceBatchThreshold` or
    /// more, notices wait for the next tick or the next message, whichever comes first, so a
    /// crowd joining costs each member one write per tick instead of one per join. Their order
    /// among themselves and relative to chat messages is kept.
    mutating func announce(_ message: RelayMessage, in folded: String, except: PeerID?, into out: inout [RelayAction]) {
        let audience = self.audience(of: folded, except: except)
        guard (rooms[folded]?.memberCount ?? 0) >= settings.presenceBatchThreshold else {
            flushPresence(into: &out)
            if audience.count > 0 { out.append(.deliver(message, to: audience)) }
            return
        }
        deferredPresence.append(DeferredNotice(message: message, audience: audience))
        if deferredPresence.count >= RelayCore.maxDeferredPresence { flushPresence(into: &out) }
    }

    /// Sends every presence notice that is waiting, in order.
    mutating func flushPresence(into out: inout [RelayAction]) {
        guard !deferredPresence.isEmpty else { return }
        for notice in deferredPresence { out.append(.deliver(notice.message, to: notice.audience)) }
        deferredPresence.removeAll(keepingCapacity: true)
    }

    /// The most presence notices held back at once.
    static let maxDeferredPresence = 1024
}

/// A JOINED or LEFT notice held back for the next batch, with the audience it had when it happened.
struct DeferredNotice: Sendable {
    let message: RelayMessage
    let audience: Audience
}
