import Glibc

/// Where `require` looks: `--lib` folders, then `ADMINSH_PATH` (colon-separated), then the
/// shipped `stdlib/`.
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

    /// The full search list for `require`.
    public static func searchPath(extra: [String]) -> [String] {
        var paths = extra
        if let env = getenv("ADMINSH_PATH") {
            paths += String(cString: env).split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let stdlib = stdlibDirectory() { paths.append(stdlib) }
        return paths
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
