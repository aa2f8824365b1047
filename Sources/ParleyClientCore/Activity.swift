/// How much happened in a window the user is not looking at, from least to most important.
///
/// A window's activity only rises while it is in the background, and drops to `none` when the
/// user selects it. Replayed history raises it only when it is news (a resume after a
/// disconnect), never for the recent history a room shows when first entered.
public enum Activity: Int, Comparable, Sendable, CaseIterable {
    /// Nothing new.
    case none = 0
    /// Someone joined or left, changed nick, or changed the topic.
    case joinPart = 1
    /// A message or action in a room.
    case message = 2
    /// A private message to us.
    case privateMessage = 3
    /// A message that names us.
    case mention = 4

    public static func < (lhs: Activity, rhs: Activity) -> Bool { lhs.rawValue < rhs.rawValue }
}
