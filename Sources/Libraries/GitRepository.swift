import Foundation

/// The `git` command, run directly (no shell), never asking for credentials at a prompt.
public struct GitRepository: Sendable {
    /// The remote: a URL git understands (https, ssh, file://) or a local path.
    public let url: String

    public init(url: String) { self.url = url }

    public struct Tag: Sendable, Equatable {
        public let name: String
        public let version: SemanticVersion
        /// The commit the tag points to (annotated tags peeled).
        public let commit: String
    }

    /// The semver tags of the remote (`v1.2.3` or `1.2.3`), newest first.
    public func tags() throws -> [Tag] {
        let out = try GitRepository.run(["ls-remote", "--tags", url], what: "list the tags of \(url)")
        var direct: [String: String] = [:]
        var peeled: [String: String] = [:]
        for line in out.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, parts[1].hasPrefix("refs/tags/") else { continue }
            var ref = String(parts[1].dropFirst("refs/tags/".count))
            if ref.hasSuffix("^{}") { ref.removeLast(3); peeled[ref] = String(parts[0]) } else { direct[ref] = String(parts[0]) }
        }
        return direct.compactMap { name, id -> Tag? in
            guard let v = SemanticVersion(name, allowPrefix: true) else { return nil }
            return Tag(name: name, version: v, commit: peeled[name] ?? id)
        }.sorted { $0.version > $1.version }
    }

    /// The newest tag whose version `requirement` accepts.
    public func newestTag(matching requirement: VersionRequirement) throws -> Tag {
        let all = try tags()
        guard let tag = all.first(where: { requirement.matches($0.version) }) else {
            let names = all.map(\.name)
            throw LibraryError("no tag of \(url) matches \(requirement)" + (names.isEmpty ? " (it has no semver tags like v1.0.0)" : "; its tags: \(names.joined(separator: ", "))"))
        }
        return tag
    }

    static func isRevision(_ s: String) -> Bool {
        (4...64).contains(s.count) && s.allSatisfy { $0.isHexDigit }
    }

    /// Runs git with `arguments`; its standard output, or a `LibraryError` with what it said.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, what: String) throws -> String {
        guard let git = executable() else {
            throw LibraryError("git is not installed: team libraries are fetched with git (Debian: apt-get install git; scripts/setup installs it)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_ASKPASS"] = "true"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw LibraryError("cannot run git to \(what): \(error)") }
        // Read both pipes while git runs, so a full pipe never stalls it.
        nonisolated(unsafe) var errorData = Data()
        let errorsRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorsRead.wait()
        guard process.terminationStatus == 0 else {
            let said = String(decoding: errorData, as: UTF8.self).split(separator: "\n").filter { !$0.isEmpty }.suffix(3).joined(separator: "; ")
            throw LibraryError("git could not \(what)" + (said.isEmpty ? "" : ": \(said)"))
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// The git executable on PATH.
    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/git"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
