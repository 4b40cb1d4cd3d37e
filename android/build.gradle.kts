// Versions live in gradle/libs.versions.toml; declared here once, unapplied, so both modules share
// one class loader for the Android and Kotlin plugins.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    alias(libs.plugins.kotlin.android) apply false
    alias(libs.plugins.kotlin.compose) apply false
}
