/// How the relay writes its log lines.
public enum RelayLogFormat: String, Sendable, Equatable, CaseIterable {
    /// One readable line per event: `2024-05-01T12:00:00.123Z info joined nick=ada transport=tcp`.
    case text
    /// One JSON object per line, for machines.
    case json
}
