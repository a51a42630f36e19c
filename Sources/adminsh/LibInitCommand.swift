import ArgumentParser
import Foundation
import Libraries

/// `adminsh lib init NAME`: a new library folder with a manifest, a module with help and a test.
struct LibInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a library: NAME/adminsh-lib.toml, NAME/NAME/hello.lua (a module with help) and NAME/tests/hello_test.lua.",
        discussion: "NAME is the library's Lua module prefix (a Lua identifier). Then: git init, commit, tag v0.1.0."
    )

    @Argument(help: "The library's name (its module prefix), e.g. acme.")
    var name: String

    @Option(help: ArgumentHelp("Create it in this folder (default: ./NAME).", valueName: "DIR"))
    var directory: String?

    func run() throws {
        guard LibraryManifest.isValidName(name), name != "adminsh" else {
            throw ValidationError("'\(name)' cannot be a library name: use a Lua identifier other than adminsh (letters, digits, _)")
        }
        let root = directory ?? name
        let fm = FileManager.default
        guard !fm.fileExists(atPath: (root as NSString).appendingPathComponent(LibraryManifest.fileName)) else {
            throw ValidationError("\(root) already has \(LibraryManifest.fileName)")
        }
        let files: [(String, String)] = [
            (LibraryManifest.fileName, """
            name = "\(name)"
            version = "0.1.0"
            description = "\(name)'s admin recipes"
            adminsh = ">=\(AdminshCommand.version)"
            # The catalog operations this library's code may call (per-namespace wildcards allowed).
            capabilities = ["conto.agents.list"]

            """),
            ("\(name)/hello.lua", """
            -- \(name).hello: counts the Conto agents (an example module; replace it).
            local M = {}
            M.help = "\(name).hello.count() -> the number of Conto agents"

            function M.count()
              local n = 0
              for _ in each(conto.agents.list) do n = n + 1 end
              return n
            end

            if help and help.set then help.set(M, M.help) end
            return M

            """),
            ("tests/hello_test.lua", """
            local hello = require "\(name).hello"

            test("counts the agents", function()
              local before = hello.count()
              conto.agents.create { name = "one more", agentType = "CUSTOM" }
              expect.eq(hello.count(), before + 1)
            end)

            """),
        ]
        for (path, text) in files {
            let full = (root as NSString).appendingPathComponent(path)
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard fm.createFile(atPath: full, contents: Data(text.utf8)) else { throw ValidationError("cannot write \(full)") }
            print("created \(full)")
        }
        print("next: adminsh lib check \(root); then git init, commit and tag v0.1.0")
    }
}
