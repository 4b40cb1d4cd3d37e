// The Android side of Steppe: `steppe` (the Kotlin library over the generated bindings) and
// `app` (the app shell). Needs the Android SDK and NDK, and cargo-ndk: see docs/ANDROID-BUILD.md.
// Plugin and library versions come from gradle/libs.versions.toml, which Gradle reads as `libs`.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "steppe-android"
include(":steppe", ":app")
