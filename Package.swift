// swift-tools-version:6.0
import PackageDescription

// Language mode 5: the Lua bridge passes raw `lua_State` pointers between C and Swift on one
// thread; Swift 6 strict sendability would force unchecked wrappers everywhere without adding safety.
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "adminsh",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "adminsh", targets: ["adminsh"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // Lua 5.4 from the system (Debian: liblua5.4-dev).
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // C helpers: Lua macros Swift cannot import and the error trampoline.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // libedit (BSD licence), never GNU readline.
        .systemLibrary(name: "CEditline", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        .target(name: "LuaHost", dependencies: ["CLua", "CLuaShim"], swiftSettings: swiftSettings),
        .target(name: "Shell", dependencies: ["LuaHost", "CEditline", "CLuaShim"], swiftSettings: swiftSettings),

        .executableTarget(name: "adminsh", dependencies: [
            "LuaHost", "Shell",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: swiftSettings),

        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"], swiftSettings: swiftSettings),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LuaHost"], swiftSettings: swiftSettings),
    ]
)
