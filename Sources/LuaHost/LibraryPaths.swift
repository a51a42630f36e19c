import Glibc

/// Where `require` looks, in the one documented order: the shipped `stdlib/` first, then (the
/// executable adds the project's libraries here) the given folders, then `ADMINSH_PATH`
/// (colon-separated). The stdlib comes first so no folder can shadow an `adminsh.*` module.
public enum LibraryPaths {
    /// The shipped Lua standard library folder: `$ADMINSH_STDLIB`, else a `stdlib` folder next to
    /// the executable or above it (the source checkout, `share/adminsh/stdlib` when installed).
    public static func stdlibDirectory() -> String? {
        if let env = getenv("ADMINSH_STDLIB") { return String(cString: env) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        var dir = String(cString: buffer)
        for _ in 0..<6 {
            guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { break }
            dir = String(dir[..<slash])
            for candidate in ["\(dir)/stdlib", "\(dir)/share/adminsh/stdlib"] where isDirectory(candidate) {
                return candidate
            }
        }
        return nil
    }

    /// The search list for `require`: the stdlib, `extra`, then `ADMINSH_PATH`.
    public static func searchPath(extra: [String]) -> [String] {
        var paths = stdlibDirectory().map { [$0] } ?? []
        paths += extra
        if let env = getenv("ADMINSH_PATH") {
            paths += String(cString: env).split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        return paths
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
