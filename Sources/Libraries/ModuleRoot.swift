import Foundation

/// One folder `require` searches, in the one order adminsh uses everywhere: the stdlib, then the
/// project's libraries, then `--lib` folders and `ADMINSH_PATH`, then `./recipes`.
public struct ModuleRoot: Sendable {
    public enum Kind: String, Sendable {
        case stdlib, project, lib, recipes
    }

    public let directory: String
    public let kind: Kind
    /// Where it came from, for listings: `stdlib`, `adminsh.toml`, `--lib`, `ADMINSH_PATH`, `./recipes`.
    public let origin: String
    /// The library's name (its module prefix) when the folder is a library (has a manifest).
    public let library: String?
    public let version: String?
    /// What its code may call; nil for trusted folders (the stdlib, folders without a manifest).
    public let capabilities: Capabilities?
    public let moduleCapabilities: [String: Capabilities]
    /// The locked tree hash a project library must still have when it is required.
    public let expectedTree: String?
    /// Why nothing may be required from it (not installed, manifest unreadable); nil when usable.
    public let problem: String?

    public init(directory: String, kind: Kind, origin: String, library: String? = nil, version: String? = nil,
                capabilities: Capabilities? = nil, moduleCapabilities: [String: Capabilities] = [:],
                expectedTree: String? = nil, problem: String? = nil) {
        self.directory = directory
        self.kind = kind
        self.origin = origin
        self.library = library
        self.version = version
        self.capabilities = capabilities
        self.moduleCapabilities = moduleCapabilities
        self.expectedTree = expectedTree
        self.problem = problem
    }

    /// A `--lib`/`ADMINSH_PATH` folder: a library when it has a manifest (bound by its
    /// capabilities), else trusted as the user's own code.
    public static func folder(_ directory: String, origin: String) -> ModuleRoot {
        guard LibraryManifest.exists(inDirectory: directory) else { return ModuleRoot(directory: directory, kind: .lib, origin: origin) }
        let absolute = absolutePath(directory)
        do {
            let m = try LibraryManifest.read(inDirectory: directory)
            return ModuleRoot(directory: absolute, kind: .lib, origin: origin, library: m.name, version: m.version.description,
                              capabilities: m.capabilities, moduleCapabilities: m.moduleCapabilities)
        } catch {
            return ModuleRoot(directory: absolute, kind: .lib, origin: origin, library: (directory as NSString).lastPathComponent,
                              capabilities: Capabilities.none, problem: "\(error)")
        }
    }

    /// The project's locked libraries, in adminsh.toml's order.
    public static func projectLibraries(_ project: ProjectFile, cache: LibraryCache) -> [ModuleRoot] {
        let lock: LockFile?
        do { lock = try LockFile.read(project.lockPath) } catch {
            return project.libraries.map { ModuleRoot(directory: project.directory, kind: .project, origin: "adminsh.toml", library: $0.name,
                                                       capabilities: Capabilities.none, problem: "\(error)") }
        }
        return project.libraries.map { spec in
            let fail = { (why: String) in
                ModuleRoot(directory: project.directory, kind: .project, origin: "adminsh.toml", library: spec.name,
                           capabilities: Capabilities.none, problem: why)
            }
            guard let entry = lock?.entry(spec.name), entry.matches(spec) else {
                return fail("library \(spec.name) is in \(project.path) but not locked: run adminsh lib install")
            }
            if case .path(let p) = spec.source {
                let dir = p.hasPrefix("/") ? p : ((project.directory as NSString).appendingPathComponent(p) as NSString).standardizingPath
                let root = folder(dir, origin: "adminsh.toml")
                guard root.library != nil else { return fail("library \(spec.name): \(dir) has no \(LibraryManifest.fileName)") }
                return ModuleRoot(directory: root.directory, kind: .project, origin: "adminsh.toml", library: spec.name, version: root.version,
                                  capabilities: root.capabilities, moduleCapabilities: root.moduleCapabilities, problem: root.problem)
            }
            guard let commit = entry.commit, let tree = entry.tree else {
                return fail("library \(spec.name): adminsh.lock lacks its commit or tree: run adminsh lib update \(spec.name)")
            }
            let dir = cache.checkoutPath(commit)
            guard FileManager.default.fileExists(atPath: dir) else {
                return fail("library \(spec.name) \(entry.version) is not installed here (no checkout of \(entry.shortCommit) in \(cache.root)): run adminsh lib install")
            }
            return ModuleRoot(directory: dir, kind: .project, origin: "adminsh.toml", library: spec.name, version: entry.version,
                              capabilities: Capabilities(unchecked: entry.capabilities),
                              moduleCapabilities: entry.moduleCapabilities.mapValues { Capabilities(unchecked: $0) },
                              expectedTree: tree)
        }
    }

    /// Why a project library's checkout can no longer be used, or nil when it still matches its lock.
    public func verificationProblem() -> String? {
        if let problem { return problem }
        guard let expectedTree, let library else { return nil }
        let actual: String
        do { actual = try TreeHash.compute(directory) } catch { return "library \(library): \(error)" }
        guard actual != expectedTree else { return nil }
        return "library \(library) \(version ?? ""): its checkout \(directory) no longer matches adminsh.lock (it was modified); run adminsh lib install to restore it (adminsh lib verify shows which libraries)"
    }

    /// `path` from the working directory, without `.` and `..`: library files are loaded under it,
    /// so the capability guard can tell their chunks by this prefix.
    public static func absolutePath(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (joined as NSString).standardizingPath
    }
}

/// The full search order of a session.
public enum ModuleSearchOrder {
    public static let summary = "the stdlib, then the project's libraries (adminsh.toml, found from the current directory upward), then --lib folders and ADMINSH_PATH (colon-separated), then ./recipes"

    public static func roots(stdlib: String?, project: ProjectFile?, cache: LibraryCache, libFolders: [String],
                             adminshPath: [String], recipes: String?) -> [ModuleRoot] {
        var roots: [ModuleRoot] = []
        if let stdlib { roots.append(ModuleRoot(directory: stdlib, kind: .stdlib, origin: "stdlib")) }
        if let project { roots += ModuleRoot.projectLibraries(project, cache: cache) }
        roots += libFolders.map { ModuleRoot.folder($0, origin: "--lib") }
        roots += adminshPath.map { ModuleRoot.folder($0, origin: "ADMINSH_PATH") }
        if let recipes { roots.append(ModuleRoot(directory: recipes, kind: .recipes, origin: "./recipes")) }
        return roots
    }
}
