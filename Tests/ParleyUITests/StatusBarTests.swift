import ParleyClientCore
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
        #expect(bar(Fixtures.status, width: 60) == " alice @ 127.0.0.1:7000 │ TCP │ connected │ 3 here")
    }

    @Test func udpShowsRoundTripAndRetransmissions() {
        var info = Fixtures.status
        info.transport = .udp
        info.roundTripMilliseconds = 12
        info.retransmissions = 4
        #expect(bar(info, width: 80) == " alice @ 127.0.0.1:7000 │ UDP │ connected │ 3 here │ rtt 12ms retx 4")
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
        #expect(bar(Fixtures.status, width: 40) == " alice │ TCP │ connected │ 3 here")
        #expect(bar(Fixtures.status, width: 20) == " alice │ connected")
        #expect(bar(Fixtures.status, width: 12) == " connected")
        #expect(bar(Fixtures.status, width: 6) == " conn…")
    }

    @Test func showsTheWindowListAndKeepsItWithinTheWidth() {
        var info = Fixtures.status
        info.windows = [
            WindowSummary(number: 1, title: "#lobby"), WindowSummary(number: 2, title: "#dev", isCurrent: true),
            WindowSummary(number: 3, title: "@bob", activity: .privateMessage, unreadCount: 2),
        ]
        let scroll = ScrollState(isFollowing: false, linesBelow: 4, newMessages: 0)
        #expect(bar(info, width: 100) == " alice @ 127.0.0.1:7000 │ TCP │ connected │ 3 here │ 1:#lobby [2:#dev] 3:@bob(2)!")
        #expect(bar(info, scroll: scroll, width: 100).hasSuffix("│ 1:#lobby [2:#dev] 3:@bob(2)! │ scrolled ↑4"))
        // Narrower: the relay address goes first, then the transport, the titles, the head count,
        // the nick, the windows without news; the link state stays longest.
        #expect(bar(info, width: 64) == " alice │ TCP │ connected │ 3 here │ 1:#lobby [2:#dev] 3:@bob(2)!")
        #expect(bar(info, width: 60) == " alice │ connected │ 3 here │ 1:#lobby [2:#dev] 3:@bob(2)!")
        #expect(bar(info, width: 50) == " alice │ connected │ 3 here │ 1 [2] 3(2)!")
        #expect(bar(info, width: 32) == " alice │ connected │ 1 [2] 3(2)!")
        #expect(bar(info, width: 30) == " connected │ 1 [2] 3(2)!")
        #expect(bar(info, width: 22) == " connected │ [2] 3(2)!")
        #expect(bar(info, width: 20) == " connected │ [2]")
        #expect(bar(info, width: 15) == " connected")
    }

    @Test func sanitizesTheAddressAndNick() {
        let info = StatusInfo(nick: "a\u{1B}b", relayAddress: "h\u{07}ost")
        #expect(bar(info, width: 60) == " a␛b @ h␇ost │ TCP │ connecting")
    }
}
