import ParleyWire

/// Lays out the status bar: nick and relay, transport, link state, people in the room, UDP link
/// quality, the window list (`WindowListBar`) and the scroll state, separated by "│".
///
/// When the row is too narrow it gives up what matters least first, one step at a time: the relay
/// address, the link quality, full window titles, the transport, the head count, the window list
/// down to numbers, the nick, then all windows but those with news and the one on screen; the link
/// state and the scroll state stay longest, and what still does not fit is cut with "…".
public enum StatusBar {
    private struct Segment {
        var glyphs: [Glyph]
        var priority: Int  // higher stays longer
    }

    /// Which parts are kept at each step: segments of at least `priority`, and the window list at
    /// `compaction`.
    private static let steps: [(priority: Int, compaction: WindowListBar.Compaction)] = [
        (0, .full), (2, .full), (3, .full), (3, .shortTitles), (5, .shortTitles), (5, .numbers), (6, .numbers),
        (8, .numbers), (8, .busy), (8, .current), (9, .current), (10, .current),
    ]
    /// The window list's priority: it goes after everything but the link state.
    private static let windowListPriority = 9

    /// The glyphs for a status bar `width` cells wide (exactly `width` cells, padded).
    public static func glyphs(for info: StatusInfo, scroll: ScrollState, width: Int, metrics: TextMetrics) -> [Glyph] {
        guard width > 0 else { return [] }
        let base = CellStyle.statusBar
        var segments: [Segment] = []
        func add(_ text: String, _ style: CellStyle, _ priority: Int) {
            segments.append(Segment(glyphs: metrics.glyphs(of: text, style: style), priority: priority))
        }
        add(SafeText.sanitize(info.nick), base.bolded, 7)
        add("@ " + SafeText.sanitize(info.relayAddress), base, 1)
        add(info.transport.rawValue, base, 4)
        var linkStyle = base.bolded
        switch info.link {
        case .connected: linkStyle = linkStyle.with(foreground: .green)
        case .connecting, .reconnecting: linkStyle = linkStyle.with(foreground: .yellow)
        case .down: linkStyle = linkStyle.with(foreground: .red)
        }
        add(SafeText.sanitize(info.linkText), linkStyle, 10)
        if let peers = info.peersOnline { add("\(peers) here", base, 5) }
        if info.transport == .udp {
            var quality: [String] = []
            if let rtt = info.roundTripMilliseconds { quality.append("rtt \(rtt)ms") }
            if let retransmissions = info.retransmissions { quality.append("retx \(retransmissions)") }
            if !quality.isEmpty { add(quality.joined(separator: " "), base, 2) }
        }
        let windowListIndex = segments.count
        if let scrollText = scroll.text { add(scrollText, base.bolded, 8) }

        func render(_ step: (priority: Int, compaction: WindowListBar.Compaction)) -> [Glyph] {
            var parts = segments
            let list = WindowListBar.glyphs(for: info.windows, compaction: step.compaction, base: base, metrics: metrics)
            if !list.isEmpty { parts.insert(Segment(glyphs: list, priority: windowListPriority), at: windowListIndex) }
            var glyphs = metrics.glyphs(of: " ", style: base)
            var previous: Int?
            for (index, part) in parts.enumerated() where part.priority >= step.priority {
                if let previous {
                    // Keep the nick and the relay together: "alice @ host".
                    let joiner = previous == 0 && index == 1 ? " " : " │ "
                    glyphs += metrics.glyphs(of: joiner, style: base)
                }
                glyphs += part.glyphs
                previous = index
            }
            return glyphs
        }

        var glyphs: [Glyph] = []
        for step in steps {
            glyphs = render(step)
            if glyphs.reduce(0, { $0 + $1.width }) <= width { break }
        }
        return fit(glyphs, width: width, style: base, metrics: metrics)
    }

    /// Cuts `glyphs` to `width` cells, ending with "…" when cut, and pads with blanks.
    static func fit(_ glyphs: [Glyph], width: Int, style: CellStyle, metrics: TextMetrics) -> [Glyph] {
        let total = glyphs.reduce(0) { $0 + $1.width }
        var out: [Glyph] = []
        var used = 0
        if total > width {
            let ellipsis = metrics.glyph(for: "…", style: style)
            for glyph in glyphs {
                if used + glyph.width > width - ellipsis.width { break }
                out.append(glyph)
                used += glyph.width
            }
            if used + ellipsis.width <= width {
                out.append(ellipsis)
                used += ellipsis.width
            }
        } else {
            out = glyphs
            used = total
        }
        while used < width {
            out.append(Glyph(grapheme: " ", width: 1, style: style))
            used += 1
        }
        return out
    }
}
