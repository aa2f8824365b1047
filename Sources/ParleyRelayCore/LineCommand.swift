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
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
            self = .nothing
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
        let name = body.prefix { $0 != " " }
        let rest = body.dropFirst(name.count).drop { $0 == " " }
        switch name.lowercased() {
        case "me":
            self = rest.isEmpty ? .usage("usage: /me TEXT") : .action(String(rest))
        case "msg":
            let target = rest.prefix { $0 != " " }
            let text = rest.dropFirst(target.count).drop { $0 == " " }
            self = target.isEmpty || text.isEmpty ? .usage("usage: /msg NICK TEXT") : .privateMessage(to: String(target), text: String(text))
        case "nick":
            let nick = rest.prefix { $0 != " " }
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
