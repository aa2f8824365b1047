/// Turns what ncurses reports (scalars and already-decoded function keys) into `Key`s.
///
/// ncurses decodes the sequences its terminfo knows (arrows, PageUp, Home...). Everything
/// else arrives as plain scalars and is decoded here: control characters, Alt as Esc
/// followed by a key, the bracketed-paste markers `ESC [200~` ... `ESC [201~`, and the
/// few CSI sequences a terminfo entry may lack. Unknown sequences are swallowed, never
/// typed. The decoder keeps state between reads, so a paste may arrive in many pieces;
/// call `flush()` when input runs dry to turn a lone Esc into `.escape`.
public struct KeyDecoder: Sendable {
    /// What the terminal shell hands over.
    public enum Input: Hashable, Sendable {
        /// A scalar `wget_wch` returned with `OK`.
        case scalar(Unicode.Scalar)
        /// A function key `wget_wch` returned with `KEY_CODE_YES`, already mapped.
        case key(Key)
    }

    /// The most pasted text kept; the rest of a larger paste is dropped.
    public static let maximumPasteScalars = 65_536

    private enum State: Hashable, Sendable {
        case ground
        case escape
        case controlSequence(String)
        case paste
        case pasteEnd(String)  // inside a paste, after ESC: what matched of "[201~" so far
    }

    private var state = State.ground
    private var pasted = String.UnicodeScalarView()
    private var pastedCount = 0

    /// Creates a decoder.
    public init() {}

    /// Whether a bracketed paste has started and not yet ended.
    public var isInPaste: Bool {
        switch state {
        case .paste, .pasteEnd: return true
        default: return false
        }
    }

    /// Feeds one input; returns the keys it completes (often none or one).
    public mutating func feed(_ input: Input) -> [Key] {
        switch state {
        case .ground:
            switch input {
            case .key(let key): return [key]
            case .scalar(let scalar):
                if scalar.value == 0x1B {
                    state = .escape
                    return []
                }
                return Self.plainKey(scalar).map { [$0] } ?? []
            }

        case .escape:
            switch input {
            case .key(let key):
                state = .ground
                // Esc then an arrow is how many terminals send Alt with it.
                if key == .left { return [.altLeft] }
                if key == .right { return [.altRight] }
                return [.escape, key]
            case .scalar(let scalar):
                switch scalar.value {
                case 0x5B:  // [
                    state = .controlSequence("")
                    return []
                case 0x1B:
                    return [.escape]
                case 0x7F, 0x08:
                    state = .ground
                    return [.altBackspace]
                case 0x0D, 0x0A:
                    state = .ground
                    return [.enter]
                case 0x20...0x7E, 0xA0...:
                    state = .ground
                    return [.alt(Character(scalar))]
                default:
                    state = .ground
                    return [.escape] + (Self.plainKey(scalar).map { [$0] } ?? [])
                }
            }

        case .controlSequence(let collected):
            guard case .scalar(let scalar) = input else {
                state = .ground
                if case .key(let key) = input { return [key] }
                return []
            }
            let value = scalar.value
            if (0x30...0x3F).contains(value) || (0x20...0x2F).contains(value) {
                state = collected.count < 16 ? .controlSequence(collected + String(scalar)) : .ground
                return []
            }
            state = .ground
            guard (0x40...0x7E).contains(value) else { return [] }
            return finishControlSequence(collected + String(scalar))

        case .paste:
            switch input {
            case .key(.enter):
                appendPasted("\n")
            case .key:
                break
            case .scalar(let scalar):
                if scalar.value == 0x1B {
                    state = .pasteEnd("")
                } else {
                    appendPasted(scalar)
                }
            }
            return []

        case .pasteEnd(let matched):
            let terminator = "[201~"
            if case .scalar(let scalar) = input {
                let candidate = matched + String(scalar)
                if candidate == terminator {
                    state = .ground
                    return [.paste(finishPaste())]
                }
                if terminator.hasPrefix(candidate) {
                    state = .pasteEnd(candidate)
                    return []
                }
            }
            // Not the end marker: the Esc and what followed were pasted text (the editor
            // drops control characters later).
            state = .paste
            appendPasted("\u{1B}")
            for scalar in matched.unicodeScalars { appendPasted(scalar) }
            return feed(input)
        }
    }

    /// Feeds several scalars (convenient in tests).
    public mutating func feed(_ text: String) -> [Key] {
        text.unicodeScalars.flatMap { feed(.scalar($0)) }
    }

    /// Input ran dry: a pending Esc was a real Esc key; an unfinished sequence is dropped.
    /// A paste in progress continues with the next read.
    public mutating func flush() -> [Key] {
        switch state {
        case .escape:
            state = .ground
            return [.escape]
        case .controlSequence:
            state = .ground
            return []
        default:
            return []
        }
    }

    private mutating func finishControlSequence(_ sequence: String) -> [Key] {
        switch sequence {
        case "A": return [.up]
        case "B": return [.down]
        case "C": return [.right]
        case "D": return [.left]
        case "H", "1~", "7~": return [.home]
        case "F", "4~", "8~": return [.end]
        case "3~": return [.delete]
        case "5~": return [.pageUp]
        case "6~": return [.pageDown]
        case "1;3D": return [.altLeft]
        case "1;3C": return [.altRight]
        case "1;5D": return [.alt("b")]  // Ctrl-Left: a word left, as in most line editors
        case "1;5C": return [.alt("f")]
        case "200~":
            state = .paste
            return []
        default: return []
        }
    }

    private mutating func appendPasted(_ scalar: Unicode.Scalar) {
        guard pastedCount < Self.maximumPasteScalars else { return }
        pasted.append(scalar)
        pastedCount += 1
    }

    private mutating func finishPaste() -> String {
        var text = String(pasted)
        pasted = String.UnicodeScalarView()
        pastedCount = 0
        text = text.replacingAll("\r\n", with: "\n").replacingAll("\r", with: "\n")
        return text
    }

    /// The key for a scalar outside any sequence.
    static func plainKey(_ scalar: Unicode.Scalar) -> Key? {
        switch scalar.value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        // Ctrl-A to Ctrl-Z. The terminal is in raw mode, so Ctrl-C (0x03) and Ctrl-Z (0x1A)
        // arrive here as bytes rather than as SIGINT and SIGTSTP.
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(scalar.value + 0x60)!))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil
        default: return .character(scalar)
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced, scalar-wise (so "\r\n" is found even though
    /// it is a single grapheme).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        let needle = Array(target.unicodeScalars)
        let haystack = Array(unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < haystack.count {
            if index + needle.count <= haystack.count && Array(haystack[index..<index + needle.count]) == needle {
                out.append(contentsOf: replacement.unicodeScalars)
                index += needle.count
            } else {
                out.append(haystack[index])
                index += 1
            }
        }
        return String(out)
    }
}
