# The Android app's own words; see ../zh-Hans/android.ftl. Untranslated messages show in Chinese.
