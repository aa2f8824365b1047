/// One line of the chat as the user sees it: a message, an action, a notice.
///
/// The client state machine appends these; the screen renderer (ParleyUI) and line mode
/// both draw them. Text is kept exactly as received; renderers sanitize it for the terminal.
public struct ScrollbackEntry: Equatable, Sendable {
    /// What kind of line this is.
    public enum Kind: Equatable, Sendable {
        /// `<nick> text`.
        case message
        /// `* nick text`, written with `/me`.
        case action
        /// A private message; `to` is the recipient's nick (ours when someone writes to us).
        case privateMessage(to: String)
        /// A private action (`/me` in a private conversation); `to` as for `privateMessage`.
        case privateAction(to: String)
        /// A dimmed status line: joins, leaves, nick changes, relay notices, command output.
        case notice
        /// A problem the user should see: a refused message, a failed command.
        case error
    }

    /// Where one of our own messages stands.
    public enum Delivery: Equatable, Sendable {
        /// Sent (or queued to send); the relay has not echoed it yet.
        case pending
        /// The relay echoed it: everyone has it.
        case delivered
        /// The relay refused it, or it could not be sent in time; the reason says why.
        case failed(reason: String)
    }

    /// A local, strictly increasing number (not the relay's message id).
    public var sequence: UInt64
    /// When it happened, milliseconds since 1970-01-01 UTC (the relay's stamp for messages).
    public var time: UInt64
    /// What kind of line this is.
    public var kind: Kind
    /// The speaker's nick; empty for notices and errors.
    public var nick: String
    /// The text, possibly multi-line, exactly as received.
    public var text: String
    /// For our own messages, their delivery state; `nil` for everyone else's.
    public var delivery: Delivery?
    /// Whether the text mentions our nick (highlight, bell).
    public var isMention: Bool

    public init(sequence: UInt64, time: UInt64, kind: Kind, nick: String = "", text: String, delivery: Delivery? = nil, isMention: Bool = false) {
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.nick = nick
        self.text = text
        self.delivery = delivery
        self.isMention = isMention
    }
}
