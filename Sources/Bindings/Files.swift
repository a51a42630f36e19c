import AdminClient
import Foundation
import LuaHost

/// The `adminsh.files` Lua module (`local files = require "adminsh.files"`): what recipes need
/// beyond `io` — private files for secrets.
///   files.writePrivate(path, text)  -- parent folders 0700, file 0600, atomic replace
///   files.read(path) -> text | nil   files.exists(path) -> bool   files.mkdirs(path)
enum FilesModule {
    static let name = "adminsh.files"

    static func install(in state: LuaState) {
        state.register("writePrivate", inModule: name) { frame in
            let path = try frame.string(1)
            let text = try frame.string(2)
            try writePrivate(path: path, text: text)
            return 0
        }
        state.register("read", inModule: name) { frame in
            let path = try frame.string(1)
            guard let data = FileManager.default.contents(atPath: path) else { frame.push(.nil); return 1 }
            frame.push(.string(String(decoding: data, as: UTF8.self)))
            return 1
        }
        state.register("exists", inModule: name) { frame in
            frame.push(.boolean(FileManager.default.fileExists(atPath: try frame.string(1))))
            return 1
        }
        state.register("mkdirs", inModule: name) { frame in
            try FileManager.default.createDirectory(atPath: try frame.string(1), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            return 0
        }
        state.setModuleHelp(name, "adminsh.files: writePrivate(path, text) (mode 0600, folders 0700), read(path), exists(path), mkdirs(path)")
        state.setModuleHelp(name, field: "writePrivate", "files.writePrivate(path, text)\n  Writes text to a file only you can read (0600), creating folders (0700); replaces atomically.")
    }

    static func writePrivate(path: String, text: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        do { try PrivateFile.write(text, to: path) } catch {
            throw LuaError.message("files.writePrivate: \(error)")
        }
    }
}
