/// Paces the frames the client's updates cause: at most one per `interval`, so a flood of
/// messages costs a bounded number of screens a second however fast the lines come.
///
/// Keys do not wait for it: the app draws a key's effect at once and tells the pacer, so
/// the next update frame keeps its distance from that one too. Times are monotonic
/// nanoseconds (`DispatchTime.uptimeNanoseconds`).
struct FramePacer: Sendable {
    /// 60 frames a second.
    static let defaultInterval: UInt64 = 16_666_667

    /// The least time between two frames caused by updates.
    let interval: UInt64
    /// When the last frame was drawn, if any was.
    private(set) var lastFrame: UInt64?

    init(interval: UInt64 = FramePacer.defaultInterval) {
        self.interval = interval
    }

    /// How long an update must wait before it may be drawn (0: draw it now).
    func delay(now: UInt64) -> UInt64 {
        guard let lastFrame, now >= lastFrame else { return 0 }
        let elapsed = now - lastFrame
        return elapsed >= interval ? 0 : interval - elapsed
    }

    /// Notes that a frame was drawn at `now`.
    mutating func frameDrawn(at now: UInt64) {
        lastFrame = now
    }
}
