import ParleyWire

extension ClientStateMachine {
    /// A refusal, worded from its code and from what the refused request asked (see `Refusal`),
    /// shown where it matters: after a failed message's ✗, in a room's window, or on screen.
    mutating func receive(_ report: ErrorReport, now: UInt64, into effects: inout [ClientEffect]) {
        let request = report.request
        if report.code.rawValue == 0, case .connecting = link {
            show(.error, Refusal.olderRelay, now: now, into: &effects)
            return
        }
        if request != 0, let item = outbox.item(request: request) {
            let reason = Refusal.text(for: report.code, refusing: .submit(to: item.submit.to))
            settle(request: request, as: .failed(reason: reason), time: now, into: &effects)
            sendWaiting(into: &effects)
            return
        }
        if request != 0, let hello, request == hello.request {
            helloRefused(report.code, rooms: hello.rooms, now: now, into: &effects)
            return
        }
        guard request != 0, let pending = requests.removeValue(forKey: request) else {
            show(.error, Refusal.text(for: report.code, refusing: nil), now: now, into: &effects)
            return
        }
        whoPages[request] = nil
        listPages[request] = nil
        let text = Refusal.text(for: report.code, refusing: pending)
        switch pending {
        case .join(let room):
            if let index = windows.index(of: .room(room)) {
                windows.modify(at: index) { window in
                    window.membership = .left
                    window.catchUp = nil
                }
                show(.error, text, in: .room(room), now: now, into: &effects)
            } else {
                show(.error, text, now: now, into: &effects)
            }
        case .nick:
            if request == reclaimRequest {
                reclaimRequest = nil
            } else {
                show(.error, text, now: now, into: &effects)
            }
        case .who(_, let window), .list(let window), .topic(_, _, let window):
            show(.error, text, in: window, now: now, into: &effects)
        case .hello, .submit, .part:
            show(.error, text, now: now, into: &effects)
        }
    }

    /// An ERROR carrying HELLO's id: before WELCOME the relay refused us (and closes the
    /// connection); after it, one room HELLO listed could not be entered. Such ERRORs come in
    /// the order of the list, so it is the first listed room neither entered nor refused yet.
    private mutating func helloRefused(_ code: ErrorCode, rooms: [String], now: UInt64, into effects: inout [ClientEffect]) {
        guard link.isConnected else {
            show(.error, Refusal.text(for: code, refusing: .hello(rooms: rooms)), now: now, into: &effects)
            return
        }
        guard let room = rooms.first(where: { !helloSettledRooms.contains(RoomName.folded($0)) }) else {
            show(.error, Refusal.text(for: code, refusing: nil), now: now, into: &effects)
            return
        }
        helloSettledRooms.insert(RoomName.folded(room))
        let text = Refusal.text(for: code, refusing: .join(room))
        if let index = windows.index(of: .room(room)) {
            windows.modify(at: index) { $0.membership = .left }
            show(.error, text, in: .room(room), activity: .joinPart, now: now, into: &effects)
        } else {
            show(.error, text, now: now, into: &effects)
        }
    }

    /// Ends one outbox message as delivered or failed and reports its line's new state. Sending
    /// the next waiting message in its place is the caller's choice (`sendWaiting`): not when
    /// the drain's deadline fails them all.
    mutating func settle(request: UInt64, as delivery: ScrollbackEntry.Delivery, time: UInt64, into effects: inout [ClientEffect]) {
        guard let item = outbox.settle(request: request, delivered: delivery == .delivered) else { return }
        let updated = windows.index(of: item.window).flatMap { index in
            windows.modify(at: index) { window in
                window.scrollback.modifyEntry(withSequence: item.sequence) { entry in
                    entry.delivery = delivery
                    if delivery == .delivered { entry.time = time }
                }
            }
        }
        // A line that scrolled away (or whose window was closed) is still reported, so line mode
        // can print its fate.
        effects.append(.update(updated ?? Self.entry(for: item, delivery: delivery, time: time), in: item.window))
        if drain != nil && outbox.isEmpty { finish(now: time, into: &effects) }
    }

    static func entry(for item: OutboxItem, delivery: ScrollbackEntry.Delivery, time: UInt64) -> ScrollbackEntry {
        ScrollbackEntry(
            sequence: item.sequence, time: delivery == .delivered ? time : item.submittedAt,
            kind: kind(of: item.submit), nick: item.sender, text: item.submit.text, delivery: delivery)
    }
}
