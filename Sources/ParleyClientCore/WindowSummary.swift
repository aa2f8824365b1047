/// One window as the status bar's window list shows it.
public struct WindowSummary: Hashable, Sendable {
    /// Its number in the list, from 1 (Alt-1 … Alt-0 select the first ten).
    public var number: Int
    /// `#dev` or `@bob`, as the relay spells it.
    public var title: String
    /// What happened there since the user last looked.
    public var activity: Activity
    /// Messages that arrived there since the user last looked.
    public var unreadCount: Int
    /// Whether it is the window on screen.
    public var isCurrent: Bool

    /// Creates a summary.
    public init(number: Int, title: String, activity: Activity = .none, unreadCount: Int = 0, isCurrent: Bool = false) {
        self.number = number
        self.title = title
        self.activity = activity
        self.unreadCount = unreadCount
        self.isCurrent = isCurrent
    }
}
