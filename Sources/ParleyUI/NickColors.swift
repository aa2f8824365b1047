/// Gives every nick the same colour on every screen, every run.
///
/// The colour comes from a fixed hash (FNV-1a) of the case-folded nick, not from Swift's
/// per-process seeded `hashValue`, so alice is the same colour for everyone.
public enum NickColors {
    /// The palette nicks are drawn in: six colours, plain and bold.
    public static let palette: [CellStyle] = {
        let colors: [TerminalColor] = [.red, .green, .yellow, .blue, .magenta, .cyan]
        return colors.map { CellStyle(foreground: $0) } + colors.map { CellStyle(foreground: $0, isBold: true) }
    }()

    /// The style for `nick`.
    public static func style(for nick: String) -> CellStyle {
        palette[Int(hash(nick) % UInt32(palette.count))]
    }

    /// FNV-1a over the nick's ASCII-lowercased UTF-8.
    static func hash(_ nick: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in nick.utf8 {
            let folded = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            hash = (hash ^ UInt32(folded)) &* 0x0100_0193
        }
        return hash
    }
}
