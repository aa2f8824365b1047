import ParleyWire

/// Lays out the status bar: nick and relay, transport, link state, peers, UDP link
/// quality and the scroll state, separated by "│". When the row is too narrow, the least
/// important parts go first (relay address, link quality, transport, peers, nick), then
/// the rest is cut with "…"; the link state and the scroll state stay longest.
public enum StatusBar {
    private struct Segment {
        var text: String
        var style: CellStyle
        var priority: Int  // higher stays longer
    }

    /// The glyphs for a status bar `width` cells wide (exactly `width` cells, padded).
    public static func glyphs(for info: StatusInfo, scroll: ScrollState, width: Int, metrics: TextMetrics) -> [Glyph] {
        guard width > 0 else { return [] }
        let base = CellStyle.statusBar
        var segments: [Segment] = []
        let nick = SafeText.sanitize(info.nick)
        segments.append(Segment(text: nick, style: base.bolded, priority: 7))
        segments.append(Segment(text: "@ " + SafeText.sanitize(info.relayAddress), style: base, priority: 1))
        segments.append(Segment(text: info.transport.rawValue, style: base, priority: 4))
        var linkStyle = base.bolded
        switch info.link {
        case .connected: linkStyle = linkStyle.with(foreground: .green)
        case .connecting, .reconnecting: linkStyle = linkStyle.with(foreground: .yellow)
        case .down: linkStyle = linkStyle.with(foreground: .red)
        }
        segments.append(Segment(text: SafeText.sanitize(info.linkText), style: linkStyle, priority: 9))
        if let peers = info.peersOnline {
            segments.append(Segment(text: "\(peers) online", style: base, priority: 5))
        }
        if info.transport == .udp {
            var quality: [String] = []
            if let rtt = info.roundTripMilliseconds { quality.append("rtt \(rtt)ms") }
            if let retransmissions = info.retransmissions { quality.append("retx \(retransmissions)") }
            if !quality.isEmpty {
                segments.append(Segment(text: quality.joined(separator: " "), style: base, priority: 2))
            }
        }
        if let scrollText = scroll.text {
            segments.append(Segment(text: scrollText, style: base.bolded, priority: 8))
        }

        func render(_ parts: [Segment]) -> [Glyph] {
            var glyphs = metrics.glyphs(of: " ", style: base)
            for (index, part) in parts.enumerated() {
                if index > 0 {
                    // Keep the nick and the relay together: "alice @ host".
                    let joiner = part.text.hasPrefix("@ ") ? " " : " │ "
                    glyphs += metrics.glyphs(of: joiner, style: base)
                }
                glyphs += metrics.glyphs(of: part.text, style: part.style)
            }
            return glyphs
        }

        var kept = segments
        var glyphs = render(kept)
        while glyphs.reduce(0, { $0 + $1.width }) > width && kept.count > 1 {
            if let lowest = kept.indices.min(by: { kept[$0].priority < kept[$1].priority }) {
                kept.remove(at: lowest)
            }
            glyphs = render(kept)
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
