import Crypto
import Foundation

/// The sha256 of a library's tree, the same wherever it is checked out: every regular file and
/// symbolic link below the root except `.git`, in byte order of their `/`-separated relative
/// paths; each contributes its kind, path, length and contents (CRLF read as LF, so a checkout
/// with autocrlf hashes alike). File modes do not count (the cache makes checkouts read-only).
public enum TreeHash {
    public static func compute(_ root: String) throws -> String {
        var files: [(path: String, full: String)] = []
        try collect(root, relative: "", into: &files)
        files.sort { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        var hasher = SHA256()
        for file in files {
            var st = stat()
            guard lstat(file.full, &st) == 0 else { throw LibraryError("cannot read \(file.full)") }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: file.full)) ?? ""
                hasher.update(data: Data("link \(file.path)\n\(target.utf8.count)\n\(target)\n".utf8))
                continue
            }
            guard let raw = FileManager.default.contents(atPath: file.full) else { throw LibraryError("cannot read \(file.full)") }
            let content = normalise(raw)
            hasher.update(data: Data("file \(file.path)\n\(content.count)\n".utf8))
            hasher.update(data: content)
            hasher.update(data: Data("\n".utf8))
        }
        return "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func normalise(_ data: Data) -> Data {
        guard data.contains(13) else { return data }
        var out = Data(capacity: data.count)
        var previousCR = false
        for byte in data {
            if previousCR, byte != 10 { out.append(13) }
            previousCR = byte == 13
            if !previousCR { out.append(byte) }
        }
        if previousCR { out.append(13) }
        return out
    }

    static func collect(_ directory: String, relative: String, into files: inout [(path: String, full: String)]) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw LibraryError("cannot list \(directory)")
        }
        for name in names where !(relative.isEmpty && name == ".git") {
            let full = (directory as NSString).appendingPathComponent(name)
            let rel = relative.isEmpty ? name : relative + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: try collect(full, relative: rel, into: &files)
            case S_IFREG, S_IFLNK: files.append((rel, full))
            default: continue
            }
        }
    }
}
