import Foundation
import PackagePlugin

/// Compiles a target's host Lua into the binary: every `*.lua` file under the target's `lua/`
/// folder becomes one entry of a generated `EmbeddedLua.modules` list (module name, chunk name,
/// source), which the target hands to `LuaState.preloadModules`. Nothing is read from disk at
/// run time, so the binary works from any directory with nothing beside it.
@main
struct EmbedLua: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SwiftSourceModuleTarget else { return [] }
        let root = module.directoryURL.appending(path: "lua")
        let files = module.sourceFiles(withSuffix: ".lua").map(\.url)
            .filter { $0.path.hasPrefix(root.path + "/") }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedLua.swift")
        return [.buildCommand(
            displayName: "Embedding \(files.count) Lua module(s) in \(target.name)",
            executable: try context.tool(named: "EmbedLuaTool").url,
            arguments: [root.path, output.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output]
        )]
    }
}
