# Build minref's Windows installer, on Windows 10/11 x64, from the root of a clone:
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-windows.ps1
#
# Needs Python 3.11 x64 (python.org installer, "py" launcher) and Inno Setup 6
# (ISCC.exe in its default folder, or set $env:ISCC).  Makes .venv, installs
# minref's pinned dependencies and PyInstaller (packaging\requirements.txt), builds
# dist\minref\ with packaging\minref.spec, runs the frozen --self-test, then the setup
# program dist\minref-VERSION-windows-x64-setup.exe.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$venv = ".venv"
if (-not (Test-Path "$venv\Scripts\python.exe")) { py -3.11 -m venv $venv }
$py = "$venv\Scripts\python.exe"
& $py -m pip install -q --upgrade pip
& $py -m pip install -q -e .
& $py -m pip install -q -r packaging\requirements.txt
if ($LASTEXITCODE -ne 0) { throw "pip install failed" }

$version = (& $py -c "import minref; print(minref.__version__)").Trim()
Write-Host "== minref $version: PyInstaller one-folder build"
& $py -m PyInstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\minref.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

Write-Host "== frozen self-test"
$env:MINREF_HOME = Join-Path $env:TEMP "minref-selftest-$PID"
& dist\minref\minref-cli.exe --self-test
$selftest = $LASTEXITCODE
Remove-Item -Recurse -Force $env:MINREF_HOME -ErrorAction SilentlyContinue
Remove-Item Env:\MINREF_HOME
if ($selftest -ne 0) { throw "the frozen self-test failed" }

$iscc = if ($env:ISCC) { $env:ISCC } else { "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
Write-Host "== Inno Setup: $iscc"
& $iscc "/DMyAppVersion=$version" packaging\windows\minref.iss
if ($LASTEXITCODE -ne 0) { throw "ISCC failed" }
Get-Item "dist\minref-$version-windows-x64-setup.exe" | Format-Table Name, Length
