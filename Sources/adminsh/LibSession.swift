import Foundation
import Libraries
import LuaHost

/// The libraries a session can `require`, in the one search order (`ModuleSearchOrder`): the
/// stdlib, the project's locked libraries (adminsh.toml found from the current directory
/// upward), `--lib` folders, `ADMINSH_PATH`, then `./recipes`.
struct LibSession {
    let roots: [ModuleRoot]
    /// A project file that could not be read: said once on stderr, its libraries unavailable.
    let projectProblem: String?

    static func current(libraryFolders: [String]) -> LibSession {
        var project: ProjectFile?
        var problem: String?
        do { project = try ProjectFile.find(from: FileManager.default.currentDirectoryPath) } catch { problem = "\(error)" }
        let adminshPath = ProcessInfo.processInfo.environment["ADMINSH_PATH"].map {
            $0.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        } ?? []
        let roots = ModuleSearchOrder.roots(stdlib: LibraryPaths.stdlibDirectory(), project: project, cache: LibraryCache.standard(),
                                            libFolders: libraryFolders, adminshPath: adminshPath,
                                            recipes: FileManager.default.fileExists(atPath: "recipes") ? "recipes" : nil)
        return LibSession(roots: roots, projectProblem: problem)
    }

    /// Puts the searcher (and `package.path` in the same order) and the capability guard in place,
    /// once, before any user code runs. `hostEntries`: how many `package.path` entries the state
    /// was created with (the rest is Lua's own path, searched last).
    func install(in state: LuaState, hostEntries: Int, testSession: Bool = false) throws {
        if let projectProblem {
            FileHandle.standardError.write(Data("adminsh: \(projectProblem) (the project's libraries are not available)\n".utf8))
        }
        let roots = self.roots
        state.register("verify", inModule: "adminsh.host.libraries") { frame in
            let index = Int(try frame.integer(1))
            guard roots.indices.contains(index - 1), let problem = roots[index - 1].verificationProblem() else { return 0 }
            frame.push(.string(problem))
            return 1
        }
        var search: [LuaValue] = []
        var bound: [LuaValue] = []
        for (i, root) in roots.enumerated() {
            var entry: [LuaValue: LuaValue] = ["dir": .string(root.directory), "kind": .string(root.kind.rawValue), "index": .integer(Int64(i + 1))]
            if let library = root.library { entry["library"] = .string(library) }
            if let problem = root.problem { entry["problem"] = .string(problem) }
            if root.expectedTree != nil { entry["locked"] = true }
            search.append(.table(entry))
            guard let library = root.library, let capabilities = root.capabilities else { continue }
            var modules: [LuaValue: LuaValue] = [:]
            for (module, narrowed) in root.moduleCapabilities {
                let base = module.replacingOccurrences(of: ".", with: "/")
                let value: LuaValue = .table(["module": .string(module), "capabilities": .array(narrowed.patterns.map { .string($0) })])
                modules[.string(base + ".lua")] = value
                modules[.string(base + "/init.lua")] = value
            }
            bound.append(.table(["dir": .string(root.directory), "name": .string(library),
                                 "capabilities": .array(capabilities.patterns.map { .string($0) }), "modules": .table(modules)]))
        }
        try state.run("""
            local search, bound, hostEntries, cwd, testSession = ...
            local libraries = require "adminsh.host.libraries"
            local verify = libraries.verify
            for _, root in ipairs(search) do
              if root.locked then root.verify = function() return verify(root.index) end end
            end
            libraries.configure(search, hostEntries)
            require("adminsh.host.capabilities").configure(bound, cwd, testSession)
            """, name: "=libraries", arguments: [.array(search), .array(bound), .integer(Int64(hostEntries)),
                                                 .string(FileManager.default.currentDirectoryPath), .boolean(testSession)])
    }
}
