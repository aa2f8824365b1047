import ParleyStoreModel
import ParleyStoreSQLite
import Testing

@Suite struct DataDirectoryTests {
    @Test func defaultPathPrefersAnAbsoluteXDGStateHome() {
        let environment = ["XDG_STATE_HOME": "/var/state/", "HOME": "/home/ada"]
        #expect(DataDirectory.defaultPath(environment: environment) == "/var/state/parley")
    }

    @Test func defaultPathFallsBackToHomeWhenXDGStateHomeIsRelativeOrUnset() {
        #expect(
            DataDirectory.defaultPath(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ada"])
                == "/home/ada/.local/state/parley")
        #expect(DataDirectory.defaultPath(environment: ["HOME": "/home/ada"]) == "/home/ada/.local/state/parley")
        #expect(DataDirectory.defaultPath(environment: ["HOME": "/"]) == "/.local/state/parley")
    }

    @Test func defaultPathIsNilWithNeitherVariable() {
        #expect(DataDirectory.defaultPath(environment: [:]) == nil)
        #expect(DataDirectory.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": ""]) == nil)
    }

    @Test func openingTwiceIsLockedAndReleasingTheFirstFreesTheDirectory() throws {
        try withTemporaryDirectory { temporary in
            let path = temporary.file("data")
            var first: DataDirectory? = try DataDirectory.open(path)
            #expect(first?.file("x") == path + "/x")
            #expect(throws: StoreError.locked(directory: path)) { try DataDirectory.open(path) }
            first = nil
            #expect(throws: Never.self) { try DataDirectory.open(path) }
        }
    }
}
