import ParleyWire

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
        let name: String
        let argument: Substring
        switch SlashLine(line) {
        case .blank:
            self = .empty
            return
        case .text(let text):
            self = .say(text)
            return
        case .command(let commandName, let commandArgument):
            (name, argument) = (commandName, commandArgument)
        }
        let rest = String(argument)
        switch name {
        case "me":
            self = rest.isEmpty ? .usage("usage: /me TEXT") : .action(rest)
        case "msg":
            let (target, text) = SlashLine.firstWord(of: argument)
            self = target.isEmpty || text.isEmpty ? .usage("usage: /msg NICK TEXT") : .privateMessage(to: String(target), text: String(text))
        case "nick":
            self = rest.isEmpty || rest.contains(where: SlashLine.isBlank) ? .usage("usage: /nick NAME") : .nick(rest)
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
}
