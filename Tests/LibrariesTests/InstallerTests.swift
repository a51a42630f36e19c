import Foundation
import Libraries
import Testing

/// The installer against real git repositories: a local bare repository with semver tags.
@Suite struct InstallerTests {
    let root = NSTemporaryDirectory() + "installer-test-\(UUID().uuidString)"
    var source: String { "\(root)/src" }
    var bare: String { "\(root)/acme.git" }
    var url: String { "file://\(bare)" }
    var projectDir: String { "\(root)/project" }

    @discardableResult
    func git(_ args: [String], in dir: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        if let dir { p.currentDirectoryURL = URL(fileURLWithPath: dir) }
        var env = ProcessInfo.processInfo.environment
        for k in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] { env[k] = "t" }
        for k in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] { env[k] = "t@example.com" }
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw LibraryError("git \(args.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    func publish(_ version: String, capabilities: [String], tag: String? = nil, note: String = "", annotated: Bool = false) throws {
        let caps = capabilities.map { "\"\($0)\"" }.joined(separator: ", ")
        try "name = \"acme\"\nversion = \"\(version)\"\ncapabilities = [\(caps)]\n".write(toFile: "\(source)/adminsh-lib.toml", atomically: true, encoding: .utf8)
        try "return { version = \"\(version)\" } -- \(note)\n".write(toFile: "\(source)/acme/init.lua", atomically: true, encoding: .utf8)
        try git(["add", "-A"], in: source)
        try git(["commit", "-q", "-m", version], in: source)
        try git(["tag", "-f"] + (annotated ? ["-a", "-m", "release \(version)"] : []) + [tag ?? "v\(version)"], in: source)
        try git(["push", "-q", "--force", "origin", "main", tag ?? "v\(version)"], in: source)
    }

    func setUp() throws {
        try FileManager.default.createDirectory(atPath: "\(source)/acme", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: projectDir, withIntermediateDirectories: true)
        try git(["init", "-q", "--bare", bare])
        try git(["init", "-q", "-b", "main"], in: source)
        try git(["remote", "add", "origin", bare], in: source)
        try "[libs]\nacme = { git = \"\(url)\", version = \"^1.0\" }\n".write(toFile: "\(projectDir)/adminsh.toml", atomically: true, encoding: .utf8)
    }

    func installer() throws -> LibraryInstaller {
        var i = LibraryInstaller(project: try ProjectFile.read(directory: projectDir), cache: LibraryCache(root: "\(root)/cache/adminsh/libs"), adminshVersion: "0.1.0")
        i.say = { _ in }
        return i
    }

    @Test func installsLocksUpdatesAndRefusesMovedTagsAndWidening() throws {
        try setUp()
        defer { LibraryCacheCleanup.remove(root) }
        try publish("1.0.0", capabilities: ["conto.agents.list"])
        try publish("2.0.0", capabilities: ["conto.agents.list"])
        var lock = try installer().run(.install)
        let first = try #require(lock.entry("acme"))
        #expect(first.tag == "v1.0.0", "^1.0 never takes 2.0.0")
        #expect(first.commit == (try git(["rev-parse", "v1.0.0^{commit}"], in: source)).trimmingCharacters(in: .whitespacesAndNewlines))
        let checkout = "\(root)/cache/adminsh/libs/checkouts/\(first.commit ?? "")"
        #expect(try TreeHash.compute(checkout) == first.tree)

        try publish("1.1.0", capabilities: ["conto.agents.list"], annotated: true)
        #expect(try installer().run(.install).entry("acme")?.tag == "v1.0.0", "the lock holds")
        let updated = try installer().run(.update(nil)).entry("acme")
        #expect(updated?.tag == "v1.1.0")
        #expect(updated?.commit == (try git(["rev-parse", "v1.1.0^{commit}"], in: source)).trimmingCharacters(in: .whitespacesAndNewlines),
                "an annotated tag names its commit, not the tag object")
        #expect(try installer().run(.locked).entry("acme")?.tag == "v1.1.0", "an annotated tag is not taken for a moved one")

        try publish("1.2.0", capabilities: ["conto.agents.*"])
        #expect(throws: LibraryError.self) { try installer().run(.update(["acme"])) }
        #expect(try LockFile.read("\(projectDir)/adminsh.lock")?.entry("acme")?.tag == "v1.1.0", "a refused update writes nothing")
        var asking = try installer()
        var asked: [String] = []
        asking.confirmWidening = { _, added in asked = added; return true }
        lock = try asking.run(.update(["acme"]))
        #expect(asked == ["conto.agents.*"])
        #expect(lock.entry("acme")?.capabilities == ["conto.agents.*"])

        try publish("1.2.0", capabilities: ["conto.agents.*"], note: "moved")
        do {
            try installer().run(.locked)
            Issue.record("a moved tag must fail the locked install")
        } catch let error as LibraryError {
            #expect(error.message.contains("tag v1.2.0") && error.message.contains("was moved"))
        }
    }
}

enum LibraryCacheCleanup {
    /// Checkouts are read-only: make them writable again before removing the test's folder.
    static func remove(_ path: String) {
        if let items = FileManager.default.enumerator(atPath: path) {
            for case let item as String in items { chmod((path as NSString).appendingPathComponent(item), 0o700) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
