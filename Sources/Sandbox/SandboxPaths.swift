import Foundation

/// Where sandbox state lives by default.
public enum SandboxPaths {
    /// `$XDG_DATA_HOME/adminsh/sandbox.sqlite`, else `~/.local/share/adminsh/sandbox.sqlite`.
    public static func defaultDatabasePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
            base = (home as NSString).appendingPathComponent(".local/share")
        }
        return ((base as NSString).appendingPathComponent("adminsh") as NSString).appendingPathComponent("sandbox.sqlite")
    }
}
