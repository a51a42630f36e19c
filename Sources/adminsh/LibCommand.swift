import ArgumentParser
import Foundation
import Libraries
import Shell

/// `adminsh lib`: team recipe libraries (adminsh-lib.toml) and a project's adminsh.toml/adminsh.lock.
struct LibCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lib",
        abstract: "Team recipe libraries: create and check one, add them to a project, install, update, verify, list.",
        discussion: """
        A library is a git repository (or a folder) with adminsh-lib.toml: its name (the Lua module prefix), \
        version, description, the adminsh versions it works with and its capabilities (the catalog operations its \
        code may call, e.g. "conto.agents.*", plus "system.exec" to run commands and "system.write" to change \
        files; while a library's code runs, anything else is refused with CAPABILITY_DENIED before it happens). A project is the folder holding adminsh.toml (found from the current \
        directory upward); `install` writes adminsh.lock with each library's tag, commit, tree hash and accepted \
        capabilities, and checkouts live in $XDG_CACHE_HOME/adminsh/libs. `require` finds modules in \(ModuleSearchOrder.summary). \
        See docs/recipes.md.
        """,
        subcommands: [LibInitCommand.self, LibCheckCommand.self, LibAddCommand.self, LibRemoveCommand.self, LibInstallCommand.self,
                      LibUpdateCommand.self, LibVerifyCommand.self, LibListCommand.self]
    )
}

/// What the lib subcommands share.
enum LibSupport {
    static var adminshVersion: String { AdminshCommand.version }

    /// The project of the current directory, or a usage error saying how to start one.
    static func project() throws -> ProjectFile {
        do {
            guard let project = try ProjectFile.find(from: FileManager.default.currentDirectoryPath) else {
                throw ValidationError("no adminsh.toml here or in a parent folder: `adminsh lib add URL` creates one in the current folder")
            }
            return project
        } catch let error as LibraryError { throw failure(error) }
    }

    static func installer(_ project: ProjectFile) -> LibraryInstaller {
        var installer = LibraryInstaller(project: project, cache: LibraryCache.standard(), adminshVersion: adminshVersion)
        if Terminal.stdinIsTTY && Terminal.stdoutIsTTY {
            installer.confirmWidening = { name, added in
                print("Allow \(name) to call \(added.joined(separator: ", "))? [y/N] ", terminator: "")
                fflush(stdout)
                let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                return answer == "y" || answer == "yes"
            }
        }
        return installer
    }

    /// A library problem as the command's failure: the message on stderr, exit status 1.
    static func failure(_ error: Error) -> Error {
        FileHandle.standardError.write(Data("adminsh lib: \(error)\n".utf8))
        return ExitCode(1)
    }

    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as LibraryError { throw failure(error) }
    }
}
