// The Kotlin library: the wrapper in src/main/kotlin plus the uniffi-generated bindings and the
// Rust library for each ABI, both produced by cargo before compiling (never edited by hand).
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

val repo = rootDir.parentFile
val generated = layout.buildDirectory.dir("generated/uniffi")
val jniLibs = layout.buildDirectory.dir("rust/jniLibs")

// The phones' ABIs always; x86_64 only when someone asks for an emulator build, since it is a
// third full cargo build nobody in the field needs. app/build.gradle.kts keeps it out of release
// builds even when it is built.
val emulator = providers.gradleProperty("steppe.emulator").map { it.toBoolean() }.orElse(false)
val rustAbis = emulator.map { x86 ->
    listOf("arm64-v8a", "armeabi-v7a") + if (x86) listOf("x86_64") else listOf()
}

android {
    namespace = "org.steppe"
    compileSdk = 35
    defaultConfig {
        minSdk = 26
        consumerProguardFiles("consumer-rules.pro")
    }
    sourceSets["main"].java.srcDir(generated.map { it.dir("kotlin") })
    sourceSets["main"].jniLibs.srcDir(jniLibs)
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
}

// The phone library for each ABI, built with the size-tuned `device` profile.
val cargoNdk by tasks.registering(Exec::class) {
    val out = jniLibs.get().asFile
    workingDir = repo
    commandLine(
        listOf("cargo", "ndk") +
            rustAbis.get().flatMap { listOf("-t", it) } +
            listOf("-o", out.absolutePath, "build", "--profile", "device", "-p", "steppe-ffi"),
    )
    // SQLite's C without unwind tables, as `cargo xtask bench size` measures it (no panic unwinds
    // through C; the Rust side's flags are in .cargo/config.toml).
    for (triple in listOf("aarch64_linux_android", "armv7_linux_androideabi", "x86_64_linux_android")) {
        environment("CFLAGS_$triple", "-fno-asynchronous-unwind-tables -fno-unwind-tables")
    }
    // cargo-ndk only adds files: an x86_64 library left from an earlier emulator build would
    // otherwise ride along in the next debug build that did not ask for it.
    doFirst { out.deleteRecursively() }
}

// Kotlin bindings generated from the host build of the same crate.
val uniffiBindings by tasks.registering(Exec::class) {
    workingDir = repo
    commandLine("cargo", "xtask", "bindings", "--out", generated.get().asFile.absolutePath)
}

tasks.named("preBuild") { dependsOn(cargoNdk, uniffiBindings) }

dependencies {
    // The aar, not the jar: only the aar carries libjnidispatch.so for Android's ABIs.
    implementation(libs.jna) {
        artifact {
            type = "aar"
            extension = "aar"
        }
    }
    // `api`: suspend functions and Flow are this library's interface, so its users compile
    // against coroutines too.
    api(libs.kotlinx.coroutines.android)
}
