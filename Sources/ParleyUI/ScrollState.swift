/// Where the scrollback view is, for the status bar and the "new messages" marker.
public struct ScrollState: Hashable, Sendable {
    /// Whether the newest line is in view.
    public var isFollowing: Bool
    /// Entries below the bottom of the view.
    public var linesBelow: Int
    /// Entries that arrived since the user scrolled up.
    public var newMessages: Int

    /// Creates a scroll state.
    public init(isFollowing: Bool = true, linesBelow: Int = 0, newMessages: Int = 0) {
        self.isFollowing = isFollowing
        self.linesBelow = linesBelow
        self.newMessages = newMessages
    }

    /// Following the newest line.
    public static let following = ScrollState()

    /// The status bar's words for it, or nil while following.
    public var text: String? {
        isFollowing ? nil : "scrolled ↑\(linesBelow)"
    }

    /// The marker at the bottom of the scrollback, or nil when there is nothing new.
    public var markerText: String? {
        guard !isFollowing, newMessages > 0 else { return nil }
        return newMessages == 1 ? "1 new message · End" : "\(newMessages) new messages · End"
    }
}
