import Foundation
import LuaHost

/// The bars behind the `adminsh.progress` Lua module (lua/adminsh/progress.lua): a one-line
/// progress bar on stderr for bulk work (done/total, rate, ETA, failures). Silent when stderr is
/// not a terminal or with `--quiet`.
///   local bar = require("adminsh.progress").new{label = "provisioning", total = 50}; bar:tick(ok); bar:finish()
public enum ProgressModule {
    /// Set by `--quiet`.
    nonisolated(unsafe) public static var quiet = false

    final class Bar {
        let label: String
        let total: Int
        var done = 0
        var failed = 0
        let started = Date()
        var lastDraw = Date.distantPast
        let enabled: Bool

        init(label: String, total: Int) {
            self.label = label
            self.total = total
            enabled = !ProgressModule.quiet && isatty(2) != 0
        }

        func tick(ok: Bool) {
            done += 1
            if !ok { failed += 1 }
            if Date().timeIntervalSince(lastDraw) > 0.1 || done == total { draw() }
        }

        func draw(final: Bool = false) {
            guard enabled else { return }
            lastDraw = Date()
            let elapsed = max(Date().timeIntervalSince(started), 0.001)
            let rate = Double(done) / elapsed
            let width = 30
            let filled = total > 0 ? min(width, done * width / total) : 0
            let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
            var line = "\r\(label) \(bar)  \(done)/\(total)  \(String(format: "%.0f", rate))/s"
            if rate > 0 && done < total { line += "  ETA \(Int(Double(total - done) / rate))s" }
            line += "  \(failed) failed\u{1B}[K"
            if final { line += "\n" }
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    static func install(in state: LuaState) {
        state.register("__adminsh.progress.new") { [unowned state] frame in
            let options = try frame.argument(1)
            let label = options["label"].stringValue ?? "working"
            let total = Int(options["total"].integerValue ?? 0)
            state.pushObject(Bar(label: label, total: total), metatable: "adminsh.Progress", onto: frame.L)
            return 1
        }
        state.register("__adminsh.progress.tick") { [unowned state] frame in
            guard let bar = state.boxedObject(at: 1, metatable: "adminsh.Progress", as: Bar.self, of: frame.L) else {
                throw frame.badType(1, expected: "progress bar")
            }
            bar.tick(ok: frame.isNil(2) ? true : (try frame.argument(2)).boolValue ?? true)
            return 0
        }
        state.register("__adminsh.progress.finish") { [unowned state] frame in
            guard let bar = state.boxedObject(at: 1, metatable: "adminsh.Progress", as: Bar.self, of: frame.L) else {
                throw frame.badType(1, expected: "progress bar")
            }
            bar.draw(final: true)
            return 0
        }
    }
}
