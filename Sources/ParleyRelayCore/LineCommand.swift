import ParleyWire

/// What a line client meant by one line of input.
public enum LineCommand: Equatable, Sendable {
    /// Nothing (an empty or blank line).
    case nothing
    /// A chat message to the current room (or the open private conversation).
    case say(String)
    /// `/me TEXT`: an action.
    case action(String)
    /// `/msg NICK TEXT`: a private message.
    case privateMessage(to: String, text: String)
    /// `/nick NAME`.
    case nick(String)
    /// `/join #room`: enter a room (creating it), which becomes the current one.
    case join(String)
    /// `/part [#room] [reason]`: leave a room (the current one if none is named).
    case part(room: String?, reason: String)
    /// `/list`: the rooms.
    case list
    /// `/topic [text]`: read or set the current room's topic.
    case topic(String?)
    /// `/names [#room]` or `/who`: who is in a room (the current one if none is named).
    case names(String?)
    /// `/query NICK`: plain lines now go to NICK privately.
    case query(String)
    /// `/close`: plain lines go to the current room again.
    case close
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
        let (word, tail) = SlashLine.firstWord(of: rest)
        switch name {
        case "me":
            self = rest.isEmpty ? .usage("usage: /me TEXT") : .action(String(rest))
        case "msg":
            self = word.isEmpty || tail.isEmpty ? .usage("usage: /msg NICK TEXT") : .privateMessage(to: String(word), text: String(tail))
        case "nick":
            self = word.isEmpty ? .usage("usage: /nick NAME") : .nick(String(word))
        case "join", "j":
            self = word.isEmpty ? .usage("usage: /join #ROOM") : .join(String(word))
        case "part", "leave":
            if word.hasPrefix("#") {
                self = .part(room: String(word), reason: String(tail))
            } else {
                self = .part(room: nil, reason: String(rest))
            }
        case "list":
            self = .list
        case "topic":
            self = .topic(rest.isEmpty ? nil : String(rest))
        case "names":
            self = .names(word.isEmpty ? nil : String(word))
        case "who":
            self = .names(nil)
        case "query":
            self = word.isEmpty ? .usage("usage: /query NICK") : .query(String(word))
        case "close":
            self = .close
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
          /join #ROOM            enter a room (made on first join); it becomes your current room
          /part [#ROOM] [WHY]    leave a room (the current one)
          /list                  the rooms, how many are in each, and their topics
          /topic [TEXT]          show or set the current room's topic
          /names [#ROOM]         who is in a room (/who: the current one)
          /msg NICK TEXT         a private message
          /query NICK            talk privately with NICK; /close to go back to the room
          /nick NAME             change your nick
          /me TEXT               an action
          /quit [REASON]         leave
          //TEXT                 say something that starts with /
        anything else goes to your current room
        """
}
