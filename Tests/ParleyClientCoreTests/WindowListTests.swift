import ParleyWire
import Testing

@testable import ParleyClientCore

@Suite struct WindowListTests {
    func window(_ name: String) -> ChatWindow {
        let id: WindowID = name.hasPrefix("#") ? .room(name) : .query(name)
        return ChatWindow(id: id, name: name, scrollbackCapacity: 10)
    }

    func list(_ names: String...) -> WindowList {
        var list = WindowList(first: window(names[0]))
        for name in names.dropFirst() { list.open(window(name)) }
        return list
    }

    @Test func idsIgnoreCaseAndTellRoomsFromPeople() {
        #expect(WindowID.room("#Dev") == WindowID.room("#dev"))
        #expect(WindowID.query("Bob") == WindowID.query("bob"))
        #expect(WindowID.room("#bob") != WindowID.query("bob"))
        #expect(WindowID.query("Bob").description == "@bob")
    }

    @Test func openingAnOpenWindowReturnsIt() {
        var windows = list("#lobby", "#dev")
        #expect(windows.open(window("#DEV")) == 1)
        #expect(windows.count == 2)
    }

    @Test func closingMovesToTheLeftNeighbourAndKeepsTheLastWindow() {
        var windows = list("#lobby", "#dev", "bob")
        windows.select(2)
        let closedBob = windows.close(at: 2)
        #expect(closedBob && windows.current.title == "#dev")
        windows.select(0)
        let closedDev = windows.close(at: 1)
        #expect(closedDev && windows.current.title == "#lobby")
        let closedLast = windows.close(at: 0)
        #expect(!closedLast && windows.count == 1)
    }

    @Test func closingAWindowLeftOfTheCurrentOneKeepsTheCurrentOne() {
        var windows = list("#lobby", "#dev", "bob")
        windows.select(2)
        windows.close(at: 0)
        #expect(windows.current.title == "@bob")
        #expect(windows.currentIndex == 1)
    }

    @Test func messagesCountAsUnreadButJoinsDoNot() {
        var windows = list("#lobby", "#dev")
        let line = ScrollbackLine(time: 0, kind: .message, nick: "bob", text: "hi")
        _ = windows.append(line, at: 1, activity: .joinPart)
        _ = windows.append(line, at: 1, activity: .message)
        _ = windows.append(line, at: 1, activity: .message)
        _ = windows.append(line, at: 0, activity: .mention)
        #expect(windows.summaries == [
            WindowSummary(number: 1, title: "#lobby", isCurrent: true),
            WindowSummary(number: 2, title: "#dev", activity: .message, unreadCount: 2),
        ])
    }

    @Test func isBounded() {
        var windows = list("#lobby")
        for index in 1..<WindowList.maxWindows { windows.open(window("nick\(index)")) }
        #expect(windows.isFull)
    }
}
