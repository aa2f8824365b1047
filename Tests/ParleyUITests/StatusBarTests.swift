import Testing
@testable import ParleyUI

struct StatusBarTests {
    func bar(_ info: StatusInfo, scroll: ScrollState = .following, width: Int) -> String {
        let glyphs = StatusBar.glyphs(for: info, scroll: scroll, width: width, metrics: .table)
        #expect(glyphs.reduce(0) { $0 + $1.width } == width)
        var text = String(glyphs.map(\.grapheme))
        while text.last == " " { text.removeLast() }
        return text
    }

    @Test func showsEverythingWhenThereIsRoom() {
        #expect(bar(Fixtures.status, width: 60) == " alice @ 127.0.0.1:7000 │ TCP │ connected │ 3 online")
    }

    @Test func udpShowsRoundTripAndRetransmissions() {
        var info = Fixtures.status
        info.transport = .udp
        info.roundTripMilliseconds = 12
        info.retransmissions = 4
        #expect(bar(info, width: 80) == " alice @ 127.0.0.1:7000 │ UDP │ connected │ 3 online │ rtt 12ms retx 4")
    }

    @Test func tcpNeverShowsLinkQuality() {
        var info = Fixtures.status
        info.roundTripMilliseconds = 12
        #expect(!bar(info, width: 80).contains("rtt"))
    }

    @Test func linkStates() {
        var info = Fixtures.status
        info.link = .reconnecting(inSeconds: 3)
        #expect(bar(info, width: 80).contains("reconnecting in 3s"))
        info.link = .down(reason: "relay closed the connection")
        #expect(bar(info, width: 80).contains("down: relay closed the connection"))
        info.link = .down(reason: nil)
        #expect(bar(info, width: 80).contains("│ down"))
        info.link = .connecting
        #expect(bar(info, width: 80).contains("connecting"))
    }

    @Test func scrollStateAppearsWhenScrolled() {
        let scroll = ScrollState(isFollowing: false, linesBelow: 42, newMessages: 3)
        #expect(bar(Fixtures.status, scroll: scroll, width: 80).hasSuffix("│ scrolled ↑42"))
    }

    @Test func dropsTheLeastImportantPartsFirstWhenNarrow() {
        #expect(bar(Fixtures.status, width: 40) == " alice │ TCP │ connected │ 3 online")
        #expect(bar(Fixtures.status, width: 20) == " alice │ connected")
        #expect(bar(Fixtures.status, width: 12) == " connected")
        #expect(bar(Fixtures.status, width: 6) == " conn…")
    }

    @Test func sanitizesTheAddressAndNick() {
        let info = StatusInfo(nick: "a\u{1B}b", relayAddress: "h\u{07}ost")
        #expect(bar(info, width: 60) == " a␛b @ h␇ost │ TCP │ connecting")
    }
}
