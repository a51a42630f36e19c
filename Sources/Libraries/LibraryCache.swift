import Crypto
import Foundation

/// The shared cache of fetched libraries, `$XDG_CACHE_HOME/adminsh/libs` (else
/// `~/.cache/adminsh/libs`): one bare mirror per repository URL (`repos/<hash>.git`) and one
/// read-only checkout per commit (`checkouts/<commit>`), shared by every project. Folders are 0700.
public struct LibraryCache: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> LibraryCache {
        let base: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { base = xdg }
        else { base = ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".cache") }
        return LibraryCache(root: "\(base)/adminsh/libs")
    }

    /// The read-only checkout of `commit` (whether or not it exists yet).
    public func checkoutPath(_ commit: String) -> String { "\(root)/checkouts/\(commit)" }

    func mirrorPath(_ url: String) -> String {
        let digest = SHA256.hash(data: Data(url.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return "\(root)/repos/\(digest).git"
    }

    /// Fetches every tag and branch of `url` into its mirror (made on first use).
    public func fetch(_ url: String) throws {
        try makePrivateDirectories()
        let mirror = mirrorPath(url)
        if !FileManager.default.fileExists(atPath: mirror) {
            try GitRepository.run(["init", "--quiet", "--bare", mirror], what: "create the cache mirror \(mirror)")
        }
        try GitRepository.run(["--git-dir=\(mirror)", "fetch", "--quiet", "--force", "--no-tags", url,
                               "+refs/tags/*:refs/tags/*", "+refs/heads/*:refs/heads/*"], what: "fetch \(url)")
    }

    /// The full commit id `revision` names in the mirror of `url`, or nil when it has no such commit.
    public func resolve(_ revision: String, of url: String) -> String? {
        let out = try? GitRepository.run(["--git-dir=\(mirrorPath(url))", "rev-parse", "--verify", "--quiet", "\(revision)^{commit}"],
                                         what: "find \(revision)")
        return out.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The checkout of `commit` from `url`, made (read-only) when missing; fetches when the mirror
    /// does not have the commit yet.
    public func checkout(_ commit: String, from url: String) throws -> String {
        let target = checkoutPath(commit)
        if FileManager.default.fileExists(atPath: target) { return target }
        if resolve(commit, of: url) == nil { try fetch(url) }
        guard resolve(commit, of: url) != nil else { throw LibraryError("\(url) has no commit \(commit)") }
        try makePrivateDirectories()
        let staging = "\(root)/checkouts/.staging-\(commit)-\(getpid())"
        try? FileManager.default.removeItem(atPath: staging)
        try GitRepository.run(["clone", "--quiet", "--no-checkout", "--no-hardlinks", mirrorPath(url), staging], what: "copy \(url) into the cache")
        try GitRepository.run(["-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit], in: staging,
                              what: "check out \(commit)")
        try FileManager.default.removeItem(atPath: "\(staging)/.git")
        try LibraryCache.makeReadOnly(staging)
        guard rename(staging, target) == 0 else {
            // Another process made it first: theirs is as good.
            LibraryCache.makeWritable(staging)
            try? FileManager.default.removeItem(atPath: staging)
            if FileManager.default.fileExists(atPath: target) { return target }
            throw LibraryError("cannot move the checkout into \(target): \(String(cString: strerror(errno)))")
        }
        return target
    }

    func makePrivateDirectories() throws {
        let adminshDir = (root as NSString).deletingLastPathComponent
        for dir in [adminshDir, root, "\(root)/repos", "\(root)/checkouts"] {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                chmod(dir, 0o700)
            } catch { throw LibraryError("cannot create \(dir): \(error.localizedDescription)") }
        }
    }

    /// Files 0400 (0500 when executable), folders 0500: a checkout is never edited in place.
    static func makeReadOnly(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                try makeReadOnly((path as NSString).appendingPathComponent(name))
            }
            chmod(path, 0o500)
        case S_IFREG:
            chmod(path, (st.st_mode & 0o100) != 0 ? 0o500 : 0o400)
        default: break
        }
    }

    static func makeWritable(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return }
        chmod(path, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            makeWritable((path as NSString).appendingPathComponent(name))
        }
    }
}
