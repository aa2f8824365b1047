import ParleyWire

/// What one line typed by the user asks for.
///
/// A line that does not start with `/` is text for the window on screen (its room, or the
/// person of a private conversation); `//text` sends `/text` literally. Command names ignore
/// case (`/NICK` is `/nick`). Room names and nicks are checked later, against the state, so
/// that the error can say what is wrong with them.
public enum Command: Equatable, Sendable {
    /// Nothing to do: the line was empty or only spaces.
    case empty
    /// Say this in the window on screen.
    case say(String)
    /// `/me TEXT`: an action, shown as `* nick TEXT`.
    case action(String)
    /// `/msg NICK TEXT`: a private message (shown in NICK's window).
    case privateMessage(to: String, text: String)
    /// `/query NICK`: open (or go to) the private conversation with NICK.
    case query(String)
    /// `/close`: close the window on screen (leaving its room).
    case close
    /// `/join #ROOM`: enter a room (creating it) and go to its window.
    case join(String)
    /// `/part [#ROOM] [REASON]`: leave a room (`nil`: the one on screen).
    case part(room: String?, reason: String)
    /// `/list`: the rooms on the relay.
    case list
    /// `/topic [TEXT]`: read (`nil`) or set the topic of the room on screen.
    case topic(String?)
    /// `/names [#ROOM]` and `/who`: who is in a room (`nil`: the one on screen).
    case names(room: String?)
    /// `/nick NAME`: change my nick.
    case nick(String)
    /// `/quit [reason]`: leave, once every message sent so far is settled.
    case quit(reason: String)
    /// `/help`: list the commands.
    case help
    /// `/clear`: empty the window's scrollback.
    case clear
    /// `/bell on|off`; `nil` asks for the current setting.
    case bell(Bool?)
    /// A known command used wrongly; the text says how to use it.
    case usage(String)
    /// `/name` that is not a command.
    case unknown(String)

    /// Parses one typed line.
    public init(parsing line: String) {
        switch SlashLine(line) {
        case .blank: self = .empty
        case .text(let text): self = .say(text)
        case .command(let name, let argument): self = Command(name: name, argument: argument)
        }
    }

    private init(name: String, argument: Substring) {
        let rest = String(argument)
        let (word, afterWord) = SlashLine.firstWord(of: argument)
        let isOneWord = !rest.isEmpty && afterWord.isEmpty
        switch name {
        case "me": self = rest.isEmpty ? .usage("usage: /me TEXT") : .action(rest)
        case "msg":
            self = word.isEmpty || afterWord.isEmpty ? .usage("usage: /msg NICK TEXT") : .privateMessage(to: String(word), text: String(afterWord))
        case "query": self = isOneWord ? .query(rest) : .usage("usage: /query NICK")
        case "close": self = rest.isEmpty ? .close : .usage("usage: /close")
        case "join": self = isOneWord ? .join(rest) : .usage("usage: /join #ROOM")
        case "part", "leave":
            // A first word starting with '#' is the room; anything else is the reason.
            if word.hasPrefix("#") {
                self = .part(room: String(word), reason: String(afterWord))
            } else {
                self = .part(room: nil, reason: rest)
            }
        case "list": self = rest.isEmpty ? .list : .usage("usage: /list")
        case "topic": self = .topic(rest.isEmpty ? nil : rest)
        case "names": self = rest.isEmpty ? .names(room: nil) : isOneWord ? .names(room: rest) : .usage("usage: /names [#ROOM]")
        case "who": self = rest.isEmpty ? .names(room: nil) : .usage("usage: /who (in a room's window), or /names #ROOM")
        case "nick": self = isOneWord ? .nick(rest) : .usage("usage: /nick NAME")
        case "quit", "exit": self = .quit(reason: rest)
        case "help": self = .help
        case "clear": self = .clear
        case "bell":
            switch rest.lowercased() {
            case "": self = .bell(nil)
            case "on": self = .bell(true)
            case "off": self = .bell(false)
            default: self = .usage("usage: /bell on|off")
            }
        default: self = .unknown(name)
        }
    }

    /// Every command name, with its slash, for Tab completion.
    public static let slashNames = [
        "/bell", "/clear", "/close", "/help", "/join", "/list", "/me", "/msg", "/names", "/nick", "/part", "/query",
        "/quit", "/topic", "/who",
    ]

    /// One line per command, for `/help`.
    public static let helpLines: [String] = [
        "commands:",
        "  /join #ROOM          enter a room (creating it) and go to its window",
        "  /part [#ROOM] [WHY]  leave a room (default: this window's) and close its window",
        "  /list                the rooms on the relay, with their people and topics",
        "  /topic [TEXT]        show, or set, this room's topic",
        "  /names [#ROOM]       who is in a room (default: this window's); /who is the same",
        "  /query NICK          a window for a private conversation with NICK",
        "  /msg NICK TEXT       a private message to NICK (shown in NICK's window)",
        "  /close               close this window (leaving its room)",
        "  /me TEXT             an action: * you TEXT",
        "  /nick NAME           change your nick",
        "  /bell on|off         ring the terminal bell on mentions and private messages",
        "  /clear               clear this window",
        "  /quit [REASON]       leave once your messages are delivered",
        "  /help                this list",
        "  //TEXT               send TEXT starting with a slash",
        "keys: Alt-1 … Alt-0 go to window 1 … 10, Alt-← → to the next ones, Alt-A to the one with the most",
        "  important news (a mention, a private message, a message, then joins and leaves)",
    ]
}
