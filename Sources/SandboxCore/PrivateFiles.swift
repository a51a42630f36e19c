import Foundation

/// Files and folders only their owner can read, whatever the process's umask.
///
/// Every file the sandbox writes (the state file and SQLite's `-wal`/`-shm` beside it, the seed
/// record, the response key) is 0600 in a 0700 folder. SQLite gives its `-wal` and `-shm` files
/// the mode of the database file, so creating that file 0600 first makes them private too.
public enum PrivateFiles {
    public static let fileMode: mode_t = 0o600
    public static let folderMode: mode_t = 0o700

    /// Creates `path` (and missing parents) as 0700 folders. An existing folder keeps its mode:
    /// tightening a folder the user chose (their home, `/tmp`) is not ours to do.
    public static func makeFolder(_ path: String) throws {
        var missing: [String] = []
        var current = (path as NSString).standardizingPath
        var isFolder: ObjCBool = false
        while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current, isDirectory: &isFolder) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            if mkdir(folder, folderMode) != 0, errno != EEXIST {
                throw PrivateFileError.cannotCreate(folder, errno)
            }
            _ = chmod(folder, folderMode)
        }
    }

    /// Makes `path` a private folder: created 0700, or an existing one tightened to 0700.
    /// For folders that are the sandbox's own (the default `adminsh` data folder).
    public static func makeOwnFolder(_ path: String) throws {
        try makeFolder(path)
        _ = chmod(path, folderMode)
    }

    /// Creates `path` empty with mode 0600 when it does not exist; an existing file is set to 0600.
    public static func ensureFile(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw PrivateFileError.cannotCreate(path, errno) }
        defer { close(descriptor) }
        _ = fchmod(descriptor, fileMode)
    }

    /// Sets an existing file to 0600 (a no-op when it does not exist).
    public static func tighten(_ path: String) {
        if FileManager.default.fileExists(atPath: path) { _ = chmod(path, fileMode) }
    }

    /// Writes `data` to `path` atomically (a 0600 temporary file renamed over it), so a reader
    /// never sees a partial file and the content is never readable by others, even briefly.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, fileMode)
        guard descriptor >= 0 else { throw PrivateFileError.cannotCreate(temporary, errno) }
        var failure: Int32 = 0
        if fchmod(descriptor, fileMode) != 0 { failure = errno }
        data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while failure == 0, offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 { if errno != EINTR { failure = errno } } else { offset += written }
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure == 0 ? errno : failure
            unlink(temporary)
            throw PrivateFileError.cannotWrite(path, code)
        }
    }
}

/// A private file or folder that could not be made.
public enum PrivateFileError: Error, CustomStringConvertible {
    case cannotCreate(String, Int32)
    case cannotWrite(String, Int32)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let code): return "cannot create \(path): \(String(cString: strerror(code)))"
        case .cannotWrite(let path, let code): return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }
}
