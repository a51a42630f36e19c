import Foundation

/// Files only their owner can read, replaced atomically: key files, the replaced-keys record,
/// `adminsh.files.writePrivate`.
public enum PrivateFile {
    /// Atomic private write: a 0600 temporary file beside `path`, fsync, rename.
    public static func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { throw ProfileError("cannot write beside \(path): \(String(cString: strerror(errno)))") }
        let temporary = String(cString: template)
        var failure: Int32 = 0
        if fchmod(descriptor, 0o600) != 0 { failure = errno }
        let bytes = Array(text.utf8)
        var offset = 0
        while failure == 0, offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in buffer.baseAddress.map { Foundation.write(descriptor, $0 + offset, bytes.count - offset) } ?? -1 }
            if written < 0 { if errno != EINTR { failure = errno } } else { offset += written }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure == 0 ? errno : failure
            unlink(temporary)
            throw ProfileError("cannot write \(path): \(String(cString: strerror(code)))")
        }
    }
}
