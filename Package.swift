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
        .library(name: "Sandbox", targets: ["Sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Lua 5.4 from the system (Debian: liblua5.4-dev).
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        // C helpers: Lua macros Swift cannot import and the error trampoline.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // libedit (BSD licence), never GNU readline.
        .systemLibrary(name: "CEditline", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The shell's terminal C: SIGINT only for the Lua thread, ppoll reads at the prompt.
        .target(name: "CTerminal"),

        .target(name: "LuaHost", dependencies: ["CLua", "CLuaShim"], swiftSettings: swiftSettings, plugins: ["EmbedLua"]),

        // Host Lua (each target's lua/**/*.lua) compiled into the binary as preloadable modules.
        .plugin(name: "EmbedLua", capability: .buildTool(), dependencies: ["EmbedLuaTool"]),
        .executableTarget(name: "EmbedLuaTool", path: "Plugins/EmbedLuaTool"),

        // The operation catalog of both admin APIs: declared once, no I/O.
        .target(name: "AdminSurface", swiftSettings: swiftSettings),
        // HTTP transport: auth, retries, idempotency keys, typed errors, profiles.
        .target(name: "AdminClient", dependencies: [
            "AdminSurface",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ], swiftSettings: swiftSettings),
        // The `contio` and `conto` Lua tables generated from the catalog.
        .target(name: "Bindings", dependencies: ["LuaHost", "AdminSurface", "AdminClient", "CLua", "CLuaShim",
                                               .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings,
                plugins: ["EmbedLua"]),

        .target(name: "Shell", dependencies: ["LuaHost", "CEditline", "CTerminal"], swiftSettings: swiftSettings, plugins: ["EmbedLua"]),

        // The local emulator of both admin APIs.
        .target(name: "SandboxCore", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], swiftSettings: swiftSettings),
        .target(name: "ContioSandbox", dependencies: ["SandboxCore"], swiftSettings: swiftSettings),
        .target(name: "ContoSandbox", dependencies: ["SandboxCore"], swiftSettings: swiftSettings),
        .target(name: "Sandbox", dependencies: ["SandboxCore", "ContioSandbox", "ContoSandbox"], swiftSettings: swiftSettings),

        // Team recipe libraries: manifests, semver, the lock, tree hashes, the git cache.
        .target(name: "Libraries", dependencies: [
            "AdminClient",
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: swiftSettings),

        .executableTarget(name: "adminsh", dependencies: [
            "LuaHost", "Shell", "Bindings", "Sandbox", "Libraries",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: swiftSettings, plugins: ["EmbedLua"]),

        // The one sandbox fixture every test target uses (in-process through `.router`, or live).
        .target(name: "SandboxTestSupport", dependencies: [
            "Sandbox", "SandboxCore",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], path: "Tests/SandboxTestSupport", swiftSettings: swiftSettings),

        .testTarget(name: "LibrariesTests", dependencies: ["Libraries"], swiftSettings: swiftSettings),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"], swiftSettings: swiftSettings),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LuaHost"], swiftSettings: swiftSettings),
        .testTarget(name: "AdminSurfaceTests", dependencies: ["AdminSurface", "Sandbox", "SandboxTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "AdminClientTests", dependencies: ["AdminClient", "AdminSurface", "Sandbox", "SandboxTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "BindingsTests", dependencies: ["Bindings", "LuaHost", "Sandbox", "SandboxTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "ContioSandboxTests", dependencies: [
            "Sandbox", "SandboxCore", "ContioSandbox", "SandboxTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], swiftSettings: swiftSettings),
        .testTarget(name: "ContoSandboxTests", dependencies: [
            "Sandbox", "SandboxCore", "ContoSandbox", "SandboxTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ], swiftSettings: swiftSettings),
    ]
)
