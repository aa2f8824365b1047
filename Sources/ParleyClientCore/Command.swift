/// What one line typed by the user asks for.
///
/// A line that does not start with `/` is text for the room; `//text` sends `/text` literally.
/// Command names ignore case (`/NICK` is `/nick`).
public enum Command: Equatable, Sendable {
    /// Nothing to do: the line was empty or only spaces.
    case empty
    /// Say this to the room.
    case say(String)
    /// `/me TEXT`: an action, shown as `* nick TEXT`.
    case action(String)
    /// `/msg NICK TEXT`: a private message.
    case privateMessage(to: String, text: String)
    /// `/nick NAME`: change my nick.
    case nick(String)
    /// `/who`: list who is here.
    case who
    /// `/quit [reason]`: leave, once every message sent so far is settled.
    case quit(reason: String)
    /// `/help`: list the commands.
    case help
    /// `/clear`: empty the scrollback.
    case clear
    /// `/bell on|off`; `nil` asks for the current setting.
    case bell(Bool?)
    /// A known command used wrongly; the text says how to use it.
    case usage(String)
    /// `/name` that is not a command.
    case unknown(String)

    /// Parses one typed line.
    public init(parsing line: String) {
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            self = .empty
            return
        }
        guard line.hasPrefix("/") else {
            self = .say(line)
            return
        }
        if line.hasPrefix("//") {
            self = .say(String(line.dropFirst()))
            return
        }
        let body = line.dropFirst()
        let nameEnd = body.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? body.endIndex
        let name = String(body[..<nameEnd]).lowercased()
        let rest = Command.trimmed(body[nameEnd...])
        switch name {
        case "me":
            self = rest.isEmpty ? .usage("usage: /me TEXT") : .action(rest)
        case "msg":
            let targetEnd = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
            let target = String(rest[..<targetEnd])
            let text = Command.trimmed(rest[targetEnd...])
            self = target.isEmpty || text.isEmpty ? .usage("usage: /msg NICK TEXT") : .privateMessage(to: target, text: text)
        case "nick":
            self = rest.isEmpty || rest.contains(" ") ? .usage("usage: /nick NAME") : .nick(rest)
        case "who", "names":
            self = .who
        case "quit", "exit":
            self = .quit(reason: rest)
        case "help":
            self = .help
        case "clear":
            self = .clear
        case "bell":
            switch rest.lowercased() {
            case "": self = .bell(nil)
            case "on": self = .bell(true)
            case "off": self = .bell(false)
            default: self = .usage("usage: /bell on|off")
            }
        default:
            self = .unknown(name)
        }
    }

    /// One line per command, for `/help`.
    public static let helpLines: [String] = [
        "commands:",
        "  /me TEXT          an action: * you TEXT",
        "  /msg NICK TEXT    a private message to NICK",
        "  /nick NAME        change your nick",
        "  /who              who is here, and on which transport",
        "  /bell on|off      ring the terminal bell on mentions and private messages",
        "  /clear            clear the scrollback",
        "  /quit [REASON]    leave once your messages are delivered",
        "  /help             this list",
        "  //TEXT            send TEXT starting with a slash",
    ]

    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
            let last = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[first...last])
    }
}
