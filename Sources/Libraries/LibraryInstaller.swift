import Foundation

/// Brings a project's libraries into the cache and writes its lock: `adminsh lib install`,
/// `install --locked` and `update`.
public struct LibraryInstaller {
    public enum Mode: Equatable {
        /// Install what the lock says (and fail on any difference); resolve only libraries the
        /// lock does not have or whose adminsh.toml entry changed.
        case install
        /// As `install`, but adminsh.toml and the lock must agree (for CI): nothing is resolved.
        case locked
        /// Resolve these libraries again (nil: all) from adminsh.toml.
        case update(Set<String>?)
    }

    public let project: ProjectFile
    public let cache: LibraryCache
    public let adminshVersion: String
    /// Where progress lines go (stdout for the commands).
    public var say: (String) -> Void = { print($0) }
    /// Asked when an update widens a library's capabilities without --accept-capabilities (a
    /// terminal's yes); nil: refuse.
    public var confirmWidening: ((_ library: String, _ added: [String]) -> Bool)?

    public init(project: ProjectFile, cache: LibraryCache, adminshVersion: String) {
        self.project = project
        self.cache = cache
        self.adminshVersion = adminshVersion
    }

    /// Installs and returns the lock (written when it changed).
    @discardableResult
    public func run(_ mode: Mode, acceptCapabilities: Bool = false) throws -> LockFile {
        let previous = try LockFile.read(project.lockPath)
        if case .update(let names?) = mode {
            for name in names where project.library(name) == nil {
                throw LibraryError("\(name) is not in \(project.path); its libraries: \(project.libraries.map(\.name).joined(separator: ", "))")
            }
        }
        if mode == .locked {
            guard let previous else {
                throw LibraryError("\(project.lockPath) does not exist: run adminsh lib install (without --locked) and commit the lock")
            }
            try checkAgreement(previous)
        }
        var entries: [LockFile.Entry] = []
        for spec in project.libraries {
            let old = previous?.entry(spec.name)
            let reresolve: Bool
            switch mode {
            case .update(let names): reresolve = names?.contains(spec.name) ?? true
            case .install, .locked: reresolve = old.map { !$0.matches(spec) } ?? true
            }
            if !reresolve, let old {
                entries.append(try installLocked(old, spec: spec))
                continue
            }
            var entry = try resolve(spec)
            try checkCapabilities(of: &entry, previous: old, accepted: acceptCapabilities)
            entries.append(entry)
        }
        let lock = LockFile(entries: entries)
        if lock != previous {
            try lock.write(to: project.lockPath)
            say("wrote \(project.lockPath)")
        }
        return lock
    }

    /// `--locked`: every library of adminsh.toml is in the lock as adminsh.toml says it, and
    /// the lock has nothing else.
    func checkAgreement(_ lock: LockFile) throws {
        var problems: [String] = []
        for spec in project.libraries {
            guard let e = lock.entry(spec.name) else { problems.append("\(spec.name) is in adminsh.toml but not in adminsh.lock"); continue }
            if !e.matches(spec) { problems.append("\(spec.name): adminsh.toml asks for \(describe(spec)), adminsh.lock has \(describe(e))") }
        }
        for e in lock.entries where project.library(e.name) == nil {
            problems.append("\(e.name) is in adminsh.lock but not in adminsh.toml")
        }
        guard problems.isEmpty else {
            throw LibraryError("adminsh.toml and adminsh.lock disagree (--locked):\n  " + problems.joined(separator: "\n  ")
                               + "\nrun adminsh lib install (or lib update NAME) and commit the lock")
        }
    }

    /// Installs exactly the locked entry: the tag must still name the locked commit, and the
    /// checkout must hash to the locked tree.
    func installLocked(_ entry: LockFile.Entry, spec: LibrarySpec) throws -> LockFile.Entry {
        if entry.path != nil {
            let root = try pathRoot(spec)
            say("\(entry.name) \(entry.version) (folder \(root))")
            return entry
        }
        guard let url = entry.git, let commit = entry.commit, let tree = entry.tree else {
            throw LibraryError("adminsh.lock: \(entry.name) lacks git, commit or tree; run adminsh lib update \(entry.name)")
        }
        if let tag = entry.tag {
            guard let remote = try GitRepository(url: url).tags().first(where: { $0.name == tag }) else {
                throw LibraryError("\(entry.name): the tag \(tag) that adminsh.lock names is gone from \(url); run adminsh lib update \(entry.name) to choose another version")
            }
            guard remote.commit == commit else {
                throw LibraryError("\(entry.name): tag \(tag) of \(url) now points to \(remote.commit.prefix(12)), adminsh.lock says \(commit.prefix(12)): the tag was moved. Nothing was installed; if the new commit is intended, review it and run adminsh lib update \(entry.name)")
            }
        }
        var dir = try cache.checkout(commit, from: url)
        if try TreeHash.compute(dir) != tree {
            // A changed checkout is made again from the commit; a second mismatch is the lock's.
            LibraryCache.makeWritable(dir)
            try FileManager.default.removeItem(atPath: dir)
            dir = try cache.checkout(commit, from: url)
            say("\(entry.name): the cached checkout was modified; checked it out again")
            let again = try TreeHash.compute(dir)
            guard again == tree else {
                throw LibraryError("\(entry.name): commit \(commit.prefix(12)) hashes to \(again), adminsh.lock says \(tree); the lock was edited or written by another hash: run adminsh lib update \(entry.name)")
            }
        }
        say("\(entry.name) \(entry.version) (\(entry.tag ?? "rev"), \(entry.shortCommit)) ok")
        return entry
    }

    /// Finds the version adminsh.toml asks for, checks it out and describes it.
    func resolve(_ spec: LibrarySpec) throws -> LockFile.Entry {
        switch spec.source {
        case .path(let p):
            let root = try pathRoot(spec)
            let manifest = try checkedManifest(root, spec: spec, from: p)
            say("\(spec.name) \(manifest.version) (folder \(root))")
            return LockFile.Entry(name: spec.name, git: nil, path: p, requirement: nil, tag: nil, version: manifest.version.description,
                                  commit: nil, tree: nil, capabilities: manifest.capabilities.patterns,
                                  moduleCapabilities: manifest.moduleCapabilities.mapValues(\.patterns))
        case .git(let url, let requirement, let rev):
            var tag: GitRepository.Tag?
            let commit: String
            if let rev {
                try cache.fetch(url)
                guard let full = cache.resolve(rev, of: url) else { throw LibraryError("\(spec.name): \(url) has no commit \(rev)") }
                commit = full
            } else {
                let found = try GitRepository(url: url).newestTag(matching: requirement ?? (try VersionRequirement("*")))
                tag = found
                commit = found.commit
            }
            let dir = try cache.checkout(commit, from: url)
            let manifest = try checkedManifest(dir, spec: spec, from: url)
            if let tag, tag.version != manifest.version {
                say("warning: \(spec.name): tag \(tag.name) holds an adminsh-lib.toml with version \(manifest.version)")
            }
            let entry = LockFile.Entry(name: spec.name, git: url, path: nil,
                                       requirement: rev.map { "rev " + $0 } ?? requirement?.text, tag: tag?.name,
                                       version: manifest.version.description, commit: commit, tree: try TreeHash.compute(dir),
                                       capabilities: manifest.capabilities.patterns,
                                       moduleCapabilities: manifest.moduleCapabilities.mapValues(\.patterns))
            say("\(spec.name) \(entry.version) (\(tag?.name ?? "rev"), \(entry.shortCommit)) from \(url)")
            return entry
        }
    }

    func checkedManifest(_ root: String, spec: LibrarySpec, from source: String) throws -> LibraryManifest {
        guard LibraryManifest.exists(inDirectory: root) else {
            throw LibraryError("\(source) is not an adminsh library: it has no \(LibraryManifest.fileName)")
        }
        let manifest = try LibraryManifest.read(inDirectory: root)
        guard manifest.name == spec.name else {
            throw LibraryError("\(source) is the library \(manifest.name) (its \(LibraryManifest.fileName) says name = \"\(manifest.name)\"), but adminsh.toml calls it \(spec.name)")
        }
        try manifest.checkCompatible(with: adminshVersion)
        return manifest
    }

    func pathRoot(_ spec: LibrarySpec) throws -> String {
        guard case .path(let p) = spec.source else { throw LibraryError("\(spec.name) is not a path library") }
        let root = p.hasPrefix("/") ? p : ((project.directory as NSString).appendingPathComponent(p) as NSString).standardizingPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw LibraryError("\(spec.name): the folder \(root) (path = \"\(p)\") does not exist")
        }
        return root
    }

    /// Prints what the library may call; refuses a widening the person did not accept.
    func checkCapabilities(of entry: inout LockFile.Entry, previous: LockFile.Entry?, accepted: Bool) throws {
        let now = Capabilities(unchecked: entry.capabilities)
        say("  capabilities: \(now)")
        let system = now.systemCapabilities
        if !system.isEmpty {
            say("  on this machine: " + system.map { $0 == "system.exec" ? "runs commands (system.exec)" : "changes files (system.write)" }.joined(separator: ", "))
        }
        for (module, caps) in entry.moduleCapabilities.sorted(by: { $0.key < $1.key }) {
            say("    \(module): \(Capabilities(unchecked: caps))")
        }
        guard let previous else { return }
        let added = Capabilities(unchecked: previous.capabilities).widening(to: now)
        guard !added.isEmpty else { return }
        say("  widens its capabilities (was: \(Capabilities(unchecked: previous.capabilities))): + \(added.joined(separator: ", + "))")
        if accepted { return }
        if let confirmWidening, confirmWidening(entry.name, added) { return }
        throw LibraryError("\(entry.name) \(entry.version) asks for more than adminsh.lock accepted (+ \(added.joined(separator: ", + "))); nothing was changed. Review it, then run adminsh lib update \(entry.name) --accept-capabilities")
    }

    func describe(_ spec: LibrarySpec) -> String {
        switch spec.source {
        case .path(let p): return "path \(p)"
        case .git(let url, let v, let rev): return "\(url) " + (rev.map { "rev \($0)" } ?? v?.text ?? "*")
        }
    }

    func describe(_ e: LockFile.Entry) -> String {
        if let p = e.path { return "path \(p)" }
        return "\(e.git ?? "?") \(e.requirement ?? "*") (\(e.tag ?? "rev") \(e.shortCommit))"
    }
}
