import ArgumentParser
import Foundation
import LuaHost

/// `adminsh listen`: a local webhook receiver that verifies signatures and prints events.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Receive webhooks on 127.0.0.1, verify X-Contio-Signature against the current and previous secret, print events.",
        discussion: "Secrets come from --secret/--previous-secret or CONTIO_WEBHOOK_SECRET / CONTIO_WEBHOOK_SECRET_PREVIOUS (never typed on a shared command line if you can avoid it)."
    )

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8788

    @Option(help: "The current webhook secret.")
    var secret: String?

    @Option(help: "The previous webhook secret (accepted during the dual-secret window after a rotation).")
    var previousSecret: String?

    @Option(help: "Stop after this many events.")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var timeout: Double?

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let secrets = [secret ?? env["CONTIO_WEBHOOK_SECRET"] ?? "", previousSecret ?? env["CONTIO_WEBHOOK_SECRET_PREVIOUS"] ?? ""]
        guard !secrets[0].isEmpty else { throw ValidationError("give the webhook secret with --secret or CONTIO_WEBHOOK_SECRET") }
        let state = try LuaState()
        try HostModules.preload(in: state)
        try ListenBinding.install(in: state)
        var options: [LuaValue: LuaValue] = ["port": .integer(Int64(port)), "secrets": .array(secrets.map { .string($0) })]
        if let count { options["count"] = .integer(Int64(count)) }
        if let timeout { options["timeout"] = .number(timeout) }
        SignalHandlingBridge.install(state)
        do {
            try state.run("__adminsh.listenRaw(...)", name: "=listen", arguments: [.table(options)])
        } catch let error as LuaError where error.description.contains("interrupted!") {
            return
        }
    }
}
