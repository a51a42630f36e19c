import Foundation
import LuaHost
import Sandbox

/// `__adminsh.listen{port=0, secrets={current, previous}, count=n, timeout=s, quiet=false}`:
/// runs a local webhook receiver until `count` events arrived or `timeout` seconds passed (or
/// Ctrl-C), printing one line per event; returns `{port=, events={...}}`.
enum ListenBinding {
    static func install(in state: LuaState) throws {
        state.registerAsync("__adminsh.listenRaw") { frame in
            let options = frame.isTable(1) ? try frame.argument(1) : .table([:])
            let port = Int(options["port"].integerValue ?? 0)
            var found: [String] = []
            if case .array(let list) = options["secrets"] {
                found = list.compactMap(\.stringValue)
            }
            let secrets = found
            let count = options["count"].integerValue.map(Int.init)
            let timeout = options["timeout"].doubleValue
            let quiet = options["quiet"].boolValue ?? false
            return {
                let receiver = try await WebhookReceiver.start(port: port, secrets: secrets)
                if !quiet { print("listening on http://127.0.0.1:\(receiver.port)/ (Ctrl-C to stop)"); fflush(stdout) }
                let collected = await collect(receiver, count: count, timeout: timeout, quiet: quiet)
                await receiver.stop()
                let events: [LuaValue] = collected.map { e in
                    var t: [LuaValue: LuaValue] = ["event_type": .string(e.eventType), "path": .string(e.path),
                                                   "body": .string(e.body), "verified": .boolean(e.verifiedWith != nil)]
                    if let id = e.eventID { t["event_id"] = .string(id) }
                    if let v = e.verifiedWith { t["verified_with"] = .string(v) }
                    return .table(t)
                }
                return .values([.table(["port": .integer(Int64(receiver.port)), "events": .array(events)])])
            }
        }
        // The Lua wrapper reveals secret values on the Lua side: lua/adminsh/host/listen.lua.
        try state.require("adminsh.host.listen")
    }

    private static func collect(_ receiver: WebhookReceiver, count: Int?, timeout: Double?, quiet: Bool) async -> [WebhookReceiver.Event] {
        await withTaskGroup(of: [WebhookReceiver.Event].self) { group in
            group.addTask {
                var got: [WebhookReceiver.Event] = []
                for await event in receiver.events {
                    got.append(event)
                    if !quiet {
                        let check = event.verifiedWith.map { "signature ok (\($0) secret)" } ?? "SIGNATURE INVALID"
                        print("\(ISO8601DateFormatter().string(from: event.receivedAt))  \(event.eventType)  \(check)")
                        fflush(stdout)
                    }
                    if let count, got.count >= count { break }
                    if Task.isCancelled { break }
                }
                return got
            }
            if let timeout {
                group.addTask {
                    try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                    return []
                }
            }
            var result: [WebhookReceiver.Event] = []
            if let first = await group.next() { result = first }
            group.cancelAll()
            await receiver.stop()
            for await more in group { if result.isEmpty { result = more } }
            return result
        }
    }
}
