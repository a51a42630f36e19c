import ArgumentParser
import Foundation
import Libraries

/// `adminsh lib add URL[@VERSION]`: adds a library to adminsh.toml and installs it.
struct LibAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a library to the project's adminsh.toml (created here when there is none) and install it.",
        discussion: """
        URL is a git repository (https, ssh or file://); @VERSION is a requirement (^1.2, ~1.2, 1.2.3, >=1.0, <2.0), \
        default ^MAJOR.MINOR of its newest semver tag. --rev pins a commit instead, --path uses a folder (for developing \
        a library next to the project). The library's name comes from its adminsh-lib.toml. Prints the capabilities \
        the library declares; they are recorded in adminsh.lock as accepted.
        """
    )

    @Argument(help: ArgumentHelp("The repository, optionally with @VERSION; or, with --path, the folder.", valueName: "URL[@VERSION]"))
    var source: String

    @Option(help: ArgumentHelp("Pin this commit instead of following tags.", valueName: "COMMIT"))
    var rev: String?

    @Flag(help: "SOURCE is a folder with adminsh-lib.toml, used in place (not locked to a commit).")
    var path = false

    func run() throws {
        try LibSupport.run {
            let fm = FileManager.default
            let directory = (try ProjectFile.find(from: fm.currentDirectoryPath))?.directory ?? fm.currentDirectoryPath
            let spec = try resolveSpec(projectDirectory: directory)
            if let existing = try? ProjectFile.read(directory: directory), existing.library(spec.name) != nil {
                throw LibraryError("\(spec.name) is already in \(existing.path): change its line there, or run adminsh lib update \(spec.name)")
            }
            try ProjectFile.set(spec, inDirectory: directory)
            print("added \(spec.tomlLine) to \((directory as NSString).appendingPathComponent(ProjectFile.fileName))")
            let project = try ProjectFile.read(directory: directory)
            do {
                try LibSupport.installer(project).run(.install)
            } catch {
                // Nothing half-added: the line goes again when the install fails.
                _ = try? ProjectFile.remove(spec.name, inDirectory: directory)
                throw error
            }
        }
    }

    /// The adminsh.toml entry: its name read from the library's manifest.
    func resolveSpec(projectDirectory: String) throws -> LibrarySpec {
        if path {
            let cwd = FileManager.default.currentDirectoryPath
            let absolute = source.hasPrefix("/") ? source : ((cwd as NSString).appendingPathComponent(source) as NSString).standardizingPath
            let manifest = try LibraryManifest.read(inDirectory: absolute)
            // adminsh.toml reads a relative path from the project's folder.
            let stored = source.hasPrefix("/") || (cwd as NSString).standardizingPath == (projectDirectory as NSString).standardizingPath ? source : absolute
            return LibrarySpec(name: manifest.name, source: .path(stored))
        }
        var url = source
        var requirement: VersionRequirement?
        // URL@VERSION: the part after the last @ when it holds no / or : (ssh URLs have user@host:).
        if let at = source.lastIndex(of: "@") {
            let tail = source[source.index(after: at)...]
            if !tail.isEmpty, !tail.contains("/"), !tail.contains(":") {
                requirement = try VersionRequirement(String(tail))
                url = String(source[..<at])
            }
        }
        if let rev, requirement != nil { throw LibraryError("give @VERSION or --rev, not both") }
        let cache = LibraryCache.standard()
        let commit: String
        if let rev {
            try cache.fetch(url)
            guard let full = cache.resolve(rev, of: url) else { throw LibraryError("\(url) has no commit \(rev)") }
            commit = full
        } else {
            let tag = try GitRepository(url: url).newestTag(matching: requirement ?? VersionRequirement("*"))
            if requirement == nil { requirement = VersionRequirement.caret(of: tag.version) }
            commit = tag.commit
        }
        let manifest = try LibraryManifest.read(inDirectory: try cache.checkout(commit, from: url))
        return LibrarySpec(name: manifest.name, source: .git(url: url, version: rev == nil ? requirement : nil, rev: rev))
    }
}

/// `adminsh lib remove NAME`.
struct LibRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a library from adminsh.toml and adminsh.lock (its cached checkout stays for other projects)."
    )

    @Argument(help: "The library's name.")
    var name: String

    func run() throws {
        let project = try LibSupport.project()
        try LibSupport.run {
            guard try ProjectFile.remove(name, inDirectory: project.directory) else {
                throw LibraryError("\(name) is not in \(project.path)")
            }
            if var lock = try LockFile.read(project.lockPath) {
                lock.entries.removeAll { $0.name == name }
                try lock.write(to: project.lockPath)
            }
            print("removed \(name) from \(project.path) and \(LockFile.fileName)")
        }
    }
}

/// `adminsh lib install [--locked]`.
struct LibInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the project's libraries: exactly what adminsh.lock says; libraries it lacks are resolved and added.",
        discussion: """
        With a lock, every library is installed at its locked commit, and the install fails on any difference: a tag \
        that now points elsewhere, a checkout whose tree hash is not the locked one. A modified cached checkout is \
        checked out again. --locked (for CI) also fails when adminsh.toml and adminsh.lock disagree, and never writes \
        the lock.
        """
    )

    @Flag(help: "Fail unless adminsh.toml and adminsh.lock agree; resolve nothing.")
    var locked = false

    func run() throws {
        let project = try LibSupport.project()
        try LibSupport.run {
            try LibSupport.installer(project).run(locked ? .locked : .install)
        }
    }
}

/// `adminsh lib update [NAME] [--accept-capabilities]`.
struct LibUpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Resolve a library (or all) again from adminsh.toml: the newest matching tag; rewrites adminsh.lock.",
        discussion: """
        Prints each library's capabilities. An update that widens them (declares an operation the lock did not \
        accept) is refused unless --accept-capabilities is given or, at a terminal, you answer yes.
        """
    )

    @Argument(help: "The library to update (default: all).")
    var name: String?

    @Flag(help: "Accept capabilities the new version adds.")
    var acceptCapabilities = false

    func run() throws {
        let project = try LibSupport.project()
        try LibSupport.run {
            try LibSupport.installer(project).run(.update(name.map { [$0] }), acceptCapabilities: acceptCapabilities)
        }
    }
}

/// `adminsh lib verify`.
struct LibVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Hash every locked library's checkout again and compare with adminsh.lock; exit status 1 on any difference."
    )

    func run() throws {
        let project = try LibSupport.project()
        var bad = 0
        for root in ModuleRoot.projectLibraries(project, cache: LibraryCache.standard()) {
            if let problem = root.verificationProblem() {
                print("\(root.library ?? "?"): \(problem)")
                bad += 1
            } else {
                print("\(root.library ?? "?") \(root.version ?? ""): ok")
            }
        }
        if bad > 0 { throw ExitCode(1) }
    }
}

/// `adminsh lib list`.
struct LibListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The project's libraries: name, version, short commit, source, capabilities and status (ok, modified, missing, not locked)."
    )

    func run() throws {
        let project = try LibSupport.project()
        let lock = (try? LockFile.read(project.lockPath)) ?? nil
        let roots = ModuleRoot.projectLibraries(project, cache: LibraryCache.standard())
        for (spec, root) in zip(project.libraries, roots) {
            let entry = lock?.entry(spec.name)
            let status: String
            if entry.map({ !$0.matches(spec) }) ?? true { status = "not locked" }
            else if root.problem != nil { status = "missing" }
            else if root.verificationProblem() != nil { status = "modified" }
            else { status = "ok" }
            let version = entry?.version ?? "-"
            let commit = entry?.shortCommit ?? "-"
            let caps = entry.map { $0.capabilities.isEmpty ? "(none)" : $0.capabilities.joined(separator: ", ") } ?? "-"
            print("\(spec.name)  \(version)  \(commit)  \(spec.sourceText)  [\(caps)]  \(status)")
        }
        if project.libraries.isEmpty { print("no libraries in \(project.path)") }
    }
}
