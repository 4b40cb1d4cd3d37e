@rem Starts the Gradle pinned in gradle\wrapper\gradle-wrapper.properties, which the wrapper jar
@rem downloads into %USERPROFILE%\.gradle\wrapper\dists (checking its SHA-256) the first time.
@rem Written for this repository rather than generated; see docs\ANDROID-BUILD.md. Run it from
@rem android\. Needs a JDK 17 or newer: JAVA_HOME if set, otherwise java.exe on PATH.
@echo off
setlocal

rem No parenthesised blocks below: a JAVA_HOME under "Program Files (x86)" would end them early.
set "WRAPPER_JAR=%~dp0gradle\wrapper\gradle-wrapper.jar"
if exist "%WRAPPER_JAR%" goto findJava
echo gradlew: %WRAPPER_JAR% is missing; docs\ANDROID-BUILD.md says how to make it 1>&2
exit /b 1

:findJava
if not defined JAVA_HOME goto javaOnPath
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto run
echo gradlew: JAVA_HOME is %JAVA_HOME%, which has no bin\java.exe 1>&2
exit /b 1

:javaOnPath
set "JAVA_EXE=java.exe"
where /q java.exe
if not errorlevel 1 goto run
echo gradlew: no java.exe on PATH and JAVA_HOME is not set 1>&2
exit /b 1

:run
rem This JVM only fetches and starts Gradle; the build's memory is org.gradle.jvmargs.
"%JAVA_EXE%" -Xmx64m -Xms64m %JAVA_OPTS% %GRADLE_OPTS% "-Dorg.gradle.appname=%~n0" -classpath "%WRAPPER_JAR%" org.gradle.wrapper.GradleWrapperMain %*
exit /b %ERRORLEVEL%
