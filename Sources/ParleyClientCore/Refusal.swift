import ParleyWire

/// The words for a refusal from the relay: the `ErrorCode`'s own description, and what the
/// client knows about the request that was refused. The relay's ERROR text is never shown (it
/// may come from a later relay, in another language, or from someone hostile).
enum Refusal {
    /// The sentence for `code` refusing `request` (`nil`: a request we no longer know).
    ///
    /// For a message it is the reason shown after its ✗ ("no such nick: nobody called bob is
    /// here"); for anything else a line of its own ("cannot join #dev: you are in too many rooms").
    static func text(for code: ErrorCode, refusing request: PendingRequest?) -> String {
        guard let request else { return "the relay reports an error: \(code)" }
        switch request {
        case .hello:
            return "the relay refused to let us in: " + detail(code, [
                .serverFull: "it is full (or holds as many connections from this address as it may)",
                .invalidNick: "the nick is not allowed",
            ])
        case .submit(let destination):
            return reason(code, detail(code, [
                .noSuchNick: "nobody called \(destination.name) is here",
                .notInRoom: "you are not in \(destination.name)",
                .noSuchRoom: "\(destination.name) does not exist",
                .textTooLong: "the limit is \(Limits.maxTextBytes) bytes",
                .rateLimited: "sent too fast; wait a moment",
                .storageUnavailable: "not sent; try again in a while",
            ]))
        case .nick(let nick):
            return "cannot change your nick to \(nick): " + detail(code, [.nickInUse: "it is taken"])
        case .join(let room):
            return "cannot join \(room): " + detail(code, [
                .tooManyRooms: "you are in as many rooms as one connection may be (\(Limits.maxRoomsPerPeer))",
                .relayRoomsFull: "the relay holds as many rooms as it may; try again later",
            ])
        case .part(let room):
            return "cannot leave \(room): " + detail(code, [.notInRoom: "you are not in it", .noSuchRoom: "there is no such room"])
        case .who(let room, _):
            return "cannot list who is in \(room): " + detail(code, [.noSuchRoom: "there is no such room"])
        case .list:
            return "cannot list the rooms: " + detail(code, [:])
        case .topic(let room, let newTopic, _):
            let what = newTopic == nil ? "read the topic of" : "set the topic of"
            return "cannot \(what) \(room): " + detail(code, [
                .notInRoom: "you are not in it", .noSuchRoom: "there is no such room",
                .textTooLong: "a topic is at most \(Limits.maxTopicBytes) bytes",
            ])
        }
    }

    /// What an ERROR with code 0 before WELCOME means: code 0 is never sent in version 2, but a
    /// version 1 relay's ERROR read in version 2's layout has it (over UDP, where no preamble
    /// tells the versions apart).
    static let olderRelay = "the relay speaks an older protocol version than this client (\(Preamble.version)); it cannot be joined"

    /// The code's description, or the client's own words for it where it has some.
    private static func detail(_ code: ErrorCode, _ words: [ErrorCode: String]) -> String {
        words[code] ?? code.description
    }

    /// "CODE: detail" for a failed message, or just the code when the detail adds nothing.
    private static func reason(_ code: ErrorCode, _ detail: String) -> String {
        detail == code.description ? detail : "\(code): \(detail)"
    }
}
