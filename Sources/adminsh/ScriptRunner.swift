import Glibc
import LuaHost
import Shell

/// Runs non-interactive Lua and reports errors the way `lua` does: `adminsh: message` and a
/// traceback on stderr, exit status 1.
enum ScriptRunner {
    /// Returns nil on success, else the exit status.
    /// Prints what the script `return`s (`--output` decides how).
    static func run(file: String, arguments: [String], in state: LuaState) -> Int32? {
        let path = file == "-" ? "/dev/stdin" : file
        return report { try printReturned(state.runFile(path, arguments: arguments), state) }
    }

    /// Prints what the chunk `return`s: `adminsh -e 'return contio.getApp()'`.
    static func run(chunk: String, in state: LuaState) -> Int32? {
        report { try printReturned(state.run(chunk, name: "=(command line)"), state) }
    }

    private static func printReturned(_ values: [LuaValue], _ state: LuaState) throws {
        guard let text = try ResultFormat.render(values, in: state) else { return }
        print(text)
    }

    private static func report(_ body: () throws -> Void) -> Int32? {
        do {
            try body()
            return nil
        } catch let error as LuaError {
            var text = "adminsh: \(error.description)\n"
            if case .runtime(_, _, let traceback) = error, !traceback.isEmpty { text += traceback + "\n" }
            fputs(text, stderr)
            return 1
        } catch {
            fputs("adminsh: \(error)\n", stderr)
            return 1
        }
    }
}
