/// A line about to be appended to a window's scrollback: everything but its sequence number,
/// which the scrollback gives it.
struct ScrollbackLine: Equatable, Sendable {
    var time: UInt64
    var kind: ScrollbackEntry.Kind
    var nick: String
    var text: String
    var delivery: ScrollbackEntry.Delivery?
    var isMention: Bool

    init(
        time: UInt64, kind: ScrollbackEntry.Kind, nick: String = "", text: String,
        delivery: ScrollbackEntry.Delivery? = nil, isMention: Bool = false
    ) {
        self.time = time
        self.kind = kind
        self.nick = nick
        self.text = text
        self.delivery = delivery
        self.isMention = isMention
    }

    /// A notice or an error: a line with no speaker.
    static func status(_ kind: ScrollbackEntry.Kind, _ text: String, time: UInt64) -> ScrollbackLine {
        ScrollbackLine(time: time, kind: kind, text: text)
    }
}
