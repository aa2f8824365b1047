import ParleyClientCore
import ParleyWire
import Testing
@testable import ParleyUI

struct StatusInfoClientStatusTests {
    let windows = [WindowSummary(number: 1, title: "#lobby", isCurrent: true), WindowSummary(number: 2, title: "@bob", activity: .privateMessage, unreadCount: 1)]

    func status(link: LinkStatus, transport: Transport = .tcp, quality: LinkQuality? = nil) -> ClientStatus {
        ClientStatus(
            nick: "alice", relayName: "localhost:7700", transport: transport, link: link,
            memberCount: link.isConnected ? 4 : nil, pendingCount: 0, failedCount: 0, linkQuality: quality, bellEnabled: true,
            windows: windows)
    }

    @Test func connectedShowsTheRoomsPeopleAndTheWindows() {
        let info = StatusInfo(status(link: .connected(since: 0)), now: 0)
        #expect(
            info == StatusInfo(nick: "alice", relayAddress: "localhost:7700", transport: .tcp, link: .connected, peersOnline: 4, windows: windows))
    }

    @Test func reconnectingCountsDownInWholeSecondsRoundedUp() {
        let link = LinkStatus.reconnecting(at: 10_000, attempt: 2, reason: "refused")
        #expect(StatusInfo(status(link: link), now: 7_500).link == .reconnecting(inSeconds: 3))
        #expect(StatusInfo(status(link: link), now: 9_999).link == .reconnecting(inSeconds: 1))
        #expect(StatusInfo(status(link: link), now: 12_000).link == .reconnecting(inSeconds: 0))
        #expect(StatusInfo(status(link: link), now: 0).peersOnline == nil)
    }

    @Test func idleConnectingAndDown() {
        #expect(StatusInfo(status(link: .idle), now: 0).link == .connecting)
        #expect(StatusInfo(status(link: .connecting(attempt: 3)), now: 0).link == .connecting)
        #expect(StatusInfo(status(link: .down(reason: "bye")), now: 0).link == .down(reason: "bye"))
        #expect(StatusInfo(status(link: .down(reason: "")), now: 0).link == .down(reason: nil))
    }

    @Test func udpCarriesLinkQuality() {
        let quality = LinkQuality(roundTripTime: 12, retransmissions: 3)
        let info = StatusInfo(status(link: .connected(since: 0), transport: .udp, quality: quality), now: 0)
        #expect(info.transport == .udp)
        #expect(info.roundTripMilliseconds == 12)
        #expect(info.retransmissions == 3)
    }
}
