import AdminSurface
import LuaHost

/// Sandbox-only routes (outside the vendor APIs) behind the `sandbox` Lua table: test clocks and
/// event triggers. Installed only when adminsh talks to a sandbox.
enum SandboxOperations {
    static let all: [AdminOperation] = [
        AdminOperation(platform: .contio, luaName: "__sandbox.clock", group: "sandbox", method: .get,
                  path: "/__sandbox/contio/clock", summary: "The partner app's test clock"),
        AdminOperation(platform: .contio, luaName: "__sandbox.advance", group: "sandbox", method: .post,
                  path: "/__sandbox/contio/clock/advance", parameters: [Parameter("seconds", .integer, required: true)],
                  summary: "Advance the partner app's test clock"),
        AdminOperation(platform: .contio, luaName: "__sandbox.trigger", group: "sandbox", method: .post,
                  path: "/__sandbox/contio/trigger",
                  parameters: [Parameter("event_type", .string, required: true), Parameter("data", .object)],
                  summary: "Emit a webhook event"),
        AdminOperation(platform: .conto, luaName: "__sandbox.clock", group: "sandbox", method: .get,
                  path: "/__sandbox/conto/clock", scope: "sandbox", summary: "The org's test clock"),
        AdminOperation(platform: .conto, luaName: "__sandbox.advance", group: "sandbox", method: .post,
                  path: "/__sandbox/conto/clock/advance", parameters: [Parameter("seconds", .integer, required: true)],
                  scope: "sandbox", summary: "Advance the org's test clock"),
        AdminOperation(platform: .contio, luaName: "__sandbox.fault", group: "sandbox", method: .post,
                       path: "/__sandbox/faults",
                       parameters: [Parameter("path_prefix", .string, required: true), Parameter("method", .string),
                                    Parameter("status", .integer), Parameter("count", .integer), Parameter("retry_after", .integer),
                                    Parameter("when", .enumeration(["before", "after"])), Parameter("code", .string),
                                    Parameter("message", .string)],
                       summary: "Make the next matching requests fail"),
        AdminOperation(platform: .contio, luaName: "__sandbox.clearFaults", group: "sandbox", method: .delete,
                       path: "/__sandbox/faults", summary: "Clear fault injection rules"),
        AdminOperation(platform: .contio, luaName: "__sandbox.reset", group: "sandbox", method: .post,
                       path: "/__sandbox/reset", summary: "Erase every tenant and seed the demo app and org again"),
        AdminOperation(platform: .contio, luaName: "__sandbox.snapshots", group: "sandbox", method: .get,
                       path: "/__sandbox/snapshots", summary: "The snapshots of the sandbox state"),
        AdminOperation(platform: .contio, luaName: "__sandbox.snapshot", group: "sandbox", method: .post,
                       path: "/__sandbox/snapshots", parameters: [Parameter("name", .string, required: true)],
                       summary: "Copy the whole sandbox state to a named snapshot"),
        AdminOperation(platform: .contio, luaName: "__sandbox.restore", group: "sandbox", method: .post,
                       path: "/__sandbox/snapshots/{name}/restore", destructive: true,
                       summary: "Replace the whole sandbox state with a snapshot"),
        AdminOperation(platform: .contio, luaName: "__sandbox.deleteSnapshot", group: "sandbox", method: .delete,
                       path: "/__sandbox/snapshots/{name}", summary: "Remove a snapshot"),
        AdminOperation(platform: .contio, luaName: "__sandbox.diff", group: "sandbox", method: .get,
                       path: "/__sandbox/snapshots/diff",
                       parameters: [.query("from", .string, required: true), .query("to", .string)],
                       summary: "What changed from one snapshot to another (or to the live state)"),
        AdminOperation(platform: .conto, luaName: "__sandbox.setBalance", group: "sandbox", method: .put,
                  path: "/__sandbox/conto/wallets/{walletId}/balance", parameters: [Parameter("balance", .number, required: true)],
                  scope: "sandbox", summary: "Set a wallet's sandbox balance"),
    ]

    /// The `sandbox` global: lua/adminsh/host/sandbox.lua over the operations above.
    static func installTable(in state: LuaState) throws {
        try state.setGlobal("sandbox", toModule: "adminsh.host.sandbox")
    }
}
