import ParleyWire

/// What a line client meant by one line of input.
public enum LineCommand: Equatable, Sendable {
    /// Nothing (an empty or blank line).
    case nothing
    /// A chat message to the room.
    case say(String)
    /// `/me TEXT`: an action.
    case action(String)
    /// `/msg NICK TEXT`: a private message.
    case privateMessage(to: String, text: String)
    /// `/nick NAME`.
    case nick(String)
    /// `/who`.
    case who
    /// `/quit [reason]`.
    case quit(String)
    /// `/help`.
    case help
    /// A command used wrongly; the text says how to use it.
    case usage(String)
    /// A command the relay does not know.
    case unknown(String)

    /// Reads one line (already without its line ending). `//text` says `/text`.
    public init(parsing line: String) {
        let name: String
        let rest: Substring
        switch SlashLine(line) {
        case .blank:
            self = .nothing
            return
        case .text(let text):
            self = .say(text)
            return
        case .command(let commandName, let argument):
            (name, rest) = (commandName, argument)
        }
        switch name {
        case "me":
            self = rest.isEmpty ? .usage("usage: /me TEXT") : .action(String(rest))
        case "msg":
            let (target, text) = SlashLine.firstWord(of: rest)
            self = target.isEmpty || text.isEmpty ? .usage("usage: /msg NICK TEXT") : .privateMessage(to: String(target), text: String(text))
        case "nick":
            let nick = SlashLine.firstWord(of: rest).word
            self = nick.isEmpty ? .usage("usage: /nick NAME") : .nick(String(nick))
        case "who", "names":
            self = .who
        case "quit", "exit":
            self = .quit(String(rest))
        case "help", "?":
            self = .help
        default:
            self = .unknown(String(name))
        }
    }

    /// The help text shown for `/help`.
    public static let helpText = """
        commands:
          /nick NAME       change your nick
          /me TEXT         an action
          /msg NICK TEXT   a private message
          /who             who is here
          /quit [REASON]   leave
          //TEXT           say something that starts with /
        anything else is a message to everyone
        """
}
