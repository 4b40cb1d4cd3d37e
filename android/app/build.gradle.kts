plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

// Every phone the organisations carry is ARM: 64-bit, plus 32-bit for the cheap handsets still in
// use on the pastures. x86_64 exists only for the emulator, so only debug builds package it, and
// only when the Rust library is built for it too (the same property, read in
// steppe/build.gradle.kts): a debug APK carrying JNA's x86_64 library without ours would
// install on the emulator and then fail to load, instead of being refused for its ABIs.
val phoneAbis = listOf("arm64-v8a", "armeabi-v7a")
val emulator = providers.gradleProperty("steppe.emulator").map { it.toBoolean() }.getOrElse(false)

android {
    namespace = "org.steppe.app"
    compileSdk = 35
    defaultConfig {
        applicationId = "org.steppe.app"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
    }
    buildTypes {
        debug {
            ndk { abiFilters += if (emulator) phoneAbis + "x86_64" else phoneAbis }
        }
        release {
            ndk { abiFilters += phoneAbis }
            isMinifyEnabled = true
            isShrinkResources = true
            // The library's own keep rules (JNA, the generated bindings) arrive with it as
            // consumer rules; proguard-rules.pro holds only what the app itself needs.
            proguardFiles(
                getDefaultProguardFile("proguard-android-optimize.txt"),
                "proguard-rules.pro",
            )
        }
    }
    buildFeatures { compose = true }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    kotlinOptions { jvmTarget = "17" }
}

dependencies {
    implementation(project(":steppe"))
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.runtime.compose)
    implementation(libs.androidx.lifecycle.viewmodel.compose)
    implementation(libs.androidx.work.runtime.ktx)
}
