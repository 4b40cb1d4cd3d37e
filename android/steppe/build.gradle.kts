// The Kotlin library: the wrapper in src/main/kotlin plus the uniffi-generated bindings and the
// Rust library for each ABI, both produced by cargo before compiling (never edited by hand).
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
}

val repo = rootDir.parentFile
val generated = layout.buildDirectory.dir("generated/uniffi")
val jniLibs = layout.buildDirectory.dir("rust/jniLibs")

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

// The phone library for every ABI, built with the size-tuned `device` profile.
val cargoNdk by tasks.registering(Exec::class) {
    workingDir = repo
    commandLine(
        "cargo", "ndk",
        "-t", "arm64-v8a", "-t", "armeabi-v7a", "-t", "x86_64",
        "-o", jniLibs.get().asFile.absolutePath,
        "build", "--profile", "device", "-p", "steppe-ffi",
    )
}

// Kotlin bindings generated from the host build of the same crate.
val uniffiBindings by tasks.registering(Exec::class) {
    workingDir = repo
    commandLine("cargo", "xtask", "bindings", "--out", generated.get().asFile.absolutePath)
}

tasks.named("preBuild") { dependsOn(cargoNdk, uniffiBindings) }

dependencies {
    implementation("net.java.dev.jna:jna:5.14.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.9.0")
}
