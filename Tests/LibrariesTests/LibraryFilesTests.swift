import Foundation
import Libraries
import Testing

@Suite struct LibraryFilesTests {
    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "libraries-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func manifestReadsFieldsAndRefusesWhatIsWrong() throws {
        let dir = try folder()
        try write("""
        name = "acme"
        version = "1.2.0"
        description = "d"
        adminsh = ">=0.1"
        capabilities = ["conto.agents.*"]
        [modules."acme.audit"]
        capabilities = ["conto.agents.list"]
        """, "\(dir)/adminsh-lib.toml")
        let m = try LibraryManifest.read(inDirectory: dir)
        #expect(m.name == "acme" && m.version.description == "1.2.0")
        #expect(m.moduleCapabilities["acme.audit"]?.patterns == ["conto.agents.list"])
        #expect(throws: Never.self) { try m.checkCompatible(with: "0.1.0") }
        #expect(throws: LibraryError.self) { try m.checkCompatible(with: "0.0.9") }

        for bad in ["name = \"adminsh\"\nversion = \"1.0.0\"", "name = \"a\"\nversion = \"1.0\"",
                    "name = \"a\"\nversion = \"1.0.0\"\ncolour = 1",
                    "name = \"a\"\nversion = \"1.0.0\"\ncapabilities = [\"conto.x\"]\n[modules.\"a.b\"]\ncapabilities = [\"conto.y\"]",
                    "name = \"a\"\nversion = \"1.0.0\"\n[modules.\"b.c\"]\ncapabilities = []", "name = [,]"] {
            try write(bad, "\(dir)/adminsh-lib.toml")
            #expect(throws: LibraryError.self, "\(bad)") { try LibraryManifest.read(inDirectory: dir) }
        }
    }

    @Test func projectFileIsFoundUpwardAndEditedLineByLine() throws {
        let dir = try folder()
        try write("# our admin scripts\n[libs]\nacme = { git = \"file:///r/acme.git\", version = \"^1.0\" }  # keep\n", "\(dir)/adminsh.toml")
        try FileManager.default.createDirectory(atPath: "\(dir)/a/b", withIntermediateDirectories: true)
        let found = try #require(try ProjectFile.find(from: "\(dir)/a/b"))
        #expect(found.directory == (dir as NSString).standardizingPath)
        #expect(found.library("acme")?.source == .git(url: "file:///r/acme.git", version: try VersionRequirement("^1.0"), rev: nil))

        try ProjectFile.set(LibrarySpec(name: "tools", source: .path("../tools")), inDirectory: dir)
        try ProjectFile.set(LibrarySpec(name: "acme", source: .git(url: "file:///r/acme.git", version: try VersionRequirement("^2.0"), rev: nil)), inDirectory: dir)
        let text = try String(contentsOfFile: "\(dir)/adminsh.toml", encoding: .utf8)
        #expect(text.hasPrefix("# our admin scripts\n"), "comments survive")
        #expect(text.contains("acme = { git = \"file:///r/acme.git\", version = \"^2.0\" }"))
        #expect(text.contains("tools = { path = \"../tools\" }"))
        #expect(try ProjectFile.remove("tools", inDirectory: dir))
        #expect(try ProjectFile.read(directory: dir).libraries.map(\.name) == ["acme"])

        try write("[libs]\nx = { git = \"u\", version = \"^1\", rev = \"abcd\" }\n", "\(dir)/adminsh.toml")
        #expect(throws: LibraryError.self) { try ProjectFile.read(directory: dir) }
    }

    @Test func lockRoundTrips() throws {
        let dir = try folder()
        let entry = LockFile.Entry(name: "acme", git: "file:///r/acme.git", path: nil, requirement: "^1.0", tag: "v1.1.0", version: "1.1.0",
                                   commit: String(repeating: "a", count: 40), tree: "sha256:" + String(repeating: "0", count: 64),
                                   capabilities: ["conto.agents.*"], moduleCapabilities: ["acme.audit": ["conto.agents.list"]])
        let lock = LockFile(entries: [entry])
        try lock.write(to: "\(dir)/adminsh.lock")
        #expect(try LockFile.read("\(dir)/adminsh.lock") == lock)
        let spec = LibrarySpec(name: "acme", source: .git(url: "file:///r/acme.git", version: try VersionRequirement("^1.0"), rev: nil))
        #expect(entry.matches(spec))
        #expect(!entry.matches(LibrarySpec(name: "acme", source: .git(url: "file:///r/acme.git", version: try VersionRequirement("^2.0"), rev: nil))))
    }

    @Test func treeHashIgnoresGitModesAndLineEndingsButNotContent() throws {
        let a = try folder(), b = try folder()
        try write("line\r\nnext\n", "\(a)/acme/x.lua")
        try write("line\nnext\n", "\(b)/acme/x.lua")
        try write("[core]\n", "\(b)/.git/config")
        chmod("\(b)/acme/x.lua", 0o400)
        #expect(try TreeHash.compute(a) == TreeHash.compute(b))
        try write("line\nnext!\n", "\(b)/acme/x.lua")
        #expect(try TreeHash.compute(a) != TreeHash.compute(b))
        try write("line\nnext\n", "\(b)/acme/x.lua")
        try write("", "\(b)/acme/y.lua")
        #expect(try TreeHash.compute(a) != TreeHash.compute(b), "an added empty file counts")
    }
}
