import ParleyWire

extension ClientStateMachine {
    /// `/join #room`: opens the room's window and puts it on screen; JOIN goes out now, or the
    /// room is listed in the next HELLO.
    mutating func join(_ room: String, now: UInt64, into effects: inout [ClientEffect]) {
        if let problem = RoomName.problem(with: room) {
            show(.error, "cannot join \(room): \(problem)", now: now, into: &effects)
            return
        }
        let id = WindowID.room(room)
        if let index = windows.index(of: id), windows[index].isWantedRoom {
            windows.select(index)
            return
        }
        guard windows.wantedRooms.count < Limits.maxRoomsPerPeer else {
            show(.error, Refusal.text(for: .tooManyRooms, refusing: .join(room)), now: now, into: &effects)
            return
        }
        let existing = windows.index(of: id)
        guard existing != nil || !windows.isFull else {
            show(.error, "too many windows are open (\(WindowList.maxWindows)); /close some", now: now, into: &effects)
            return
        }
        let index = existing ?? windows.open(ChatWindow(id: id, name: room, scrollbackCapacity: configuration.scrollbackCapacity))
        windows.modify(at: index) { $0.membership = .joining }
        windows.select(index)
        let window = windows[index]
        if link.isConnected {
            let after = window.enteredThisEpoch ? window.cursor : 0
            let history = window.enteredThisEpoch && after == 0 ? Hello.allHistory : configuration.history
            send(.join(room), now: now, into: &effects) { .join(Join(request: $0, room: room, after: after, history: history)) }
        } else {
            show(.notice, "you will join \(room) once connected", now: now, into: &effects)
        }
    }

    /// `/part [#room] [reason]`: leaves the room (by default the one on screen) and closes its
    /// window (the last window stays open, out of the room).
    mutating func part(room: String?, reason: String, now: UInt64, into effects: inout [ClientEffect]) {
        guard let room = room ?? currentRoomName(for: "/part", now: now, into: &effects) else { return }
        if let problem = RoomName.problem(with: room) {
            show(.error, "cannot leave \(room): \(problem)", now: now, into: &effects)
            return
        }
        guard let index = windows.index(of: .room(room)), windows[index].isWantedRoom else {
            show(.error, "cannot leave \(room): you are not in it", now: now, into: &effects)
            return
        }
        let name = windows[index].name
        // A JOIN still on its way is forgotten, so its ENTERED opens no window.
        requests = requests.filter { _, pending in
            if case .join(let joining) = pending { return RoomName.folded(joining) != RoomName.folded(name) }
            return true
        }
        if link.isConnected {
            send(.part(name), now: now, into: &effects) { .part(Part(request: $0, room: name, reason: reason)) }
        }
        if !windows.close(at: index) {
            windows.modify(at: index) { window in
                window.membership = .left
                window.catchUp = nil
            }
            show(.notice, "you left \(name)", in: .room(name), now: now, into: &effects)
        }
    }

    /// `/list`: asks for the relay's rooms; the answer is shown in the window on screen.
    mutating func listRooms(now: UInt64, into effects: inout [ClientEffect]) {
        guard requireConnection(for: "/list", now: now, into: &effects) else { return }
        send(.list(window: windows.current.id), now: now, into: &effects) { .list(ListRooms(request: $0)) }
    }

    /// `/topic [text]`: asks for, or sets, the topic of the room on screen.
    mutating func topic(_ text: String?, now: UInt64, into effects: inout [ClientEffect]) {
        guard let room = currentRoomName(for: "/topic", now: now, into: &effects),
            requireConnection(for: "/topic", now: now, into: &effects)
        else { return }
        if let text, text.utf8.count > Limits.maxTopicBytes {
            show(.error, Refusal.text(for: .textTooLong, refusing: .topic(room: room, newTopic: text, window: .room(room))), now: now, into: &effects)
            return
        }
        send(.topic(room: room, newTopic: text, window: windows.current.id), now: now, into: &effects) {
            .topic(TopicRequest(request: $0, room: room, newTopic: text))
        }
    }

    /// `/names [#room]` (and `/who`): asks who is in a room (by default the one on screen).
    mutating func names(_ room: String?, now: UInt64, into effects: inout [ClientEffect]) {
        guard let room = room ?? currentRoomName(for: "/names", now: now, into: &effects) else { return }
        if let problem = RoomName.problem(with: room) {
            show(.error, "cannot list who is in \(room): \(problem)", now: now, into: &effects)
            return
        }
        guard requireConnection(for: "/names", now: now, into: &effects) else { return }
        send(.who(room: room, window: windows.current.id), now: now, into: &effects) { .who(Who(request: $0, room: room)) }
    }

    /// The room on screen, or `nil` (after saying so) in a private conversation.
    private mutating func currentRoomName(for command: String, now: UInt64, into effects: inout [ClientEffect]) -> String? {
        let window = windows.current
        guard window.id.isRoom else {
            show(.error, "\(command) needs a room, and this window is a private conversation", now: now, into: &effects)
            return nil
        }
        return window.name
    }

    private mutating func requireConnection(for command: String, now: UInt64, into effects: inout [ClientEffect]) -> Bool {
        guard link.isConnected else {
            show(.error, "not connected to the relay; \(command) works once connected", now: now, into: &effects)
            return false
        }
        return true
    }
}
