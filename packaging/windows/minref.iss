; Inno Setup 6 script for minref on Windows (x64).  Build it on Windows, after PyInstaller
; has made dist\minref\ (packaging\windows\build-windows.ps1 does both):
;
;   ISCC.exe /DMyAppVersion=0.1.0 packaging\windows\minref.iss
;
; Output: dist\minref-VERSION-windows-x64-setup.exe.  It installs the one-folder bundle
; (minref.exe for the window, minref-cli.exe for the commands and --self-test) into
; Program Files, with a Start-menu entry and an optional desktop icon; no Python and no
; network needed.  Silent install for IT departments:
;   minref-VERSION-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
; and to check the installation afterwards:
;   "C:\Program Files\minref\minref-cli.exe" --self-test

#ifndef MyAppVersion
  #error Pass the version: ISCC.exe /DMyAppVersion=X.Y.Z packaging\windows\minref.iss
#endif
#define MyAppName "minref"
#define MyAppExe "minref.exe"

[Setup]
; Never change AppId: Windows uses it to upgrade and uninstall earlier versions.
AppId={{86063500-503A-4060-930F-98A4100DDB58}
AppName={#MyAppName}
AppVersion={#MyAppVersion}
AppVerName={#MyAppName} {#MyAppVersion}
AppPublisher=minref
AppComments=Offline reference on minerals, critical minerals and rare earths
VersionInfoVersion={#MyAppVersion}
DefaultDirName={autopf}\{#MyAppName}
DefaultGroupName={#MyAppName}
DisableProgramGroupPage=yes
; Paths are relative to this script (packaging\windows).
SourceDir=.
OutputDir=..\..\dist
OutputBaseFilename=minref-{#MyAppVersion}-windows-x64-setup
SetupIconFile=..\icons\minref.ico
UninstallDisplayIcon={app}\{#MyAppExe}
UninstallDisplayName={#MyAppName} {#MyAppVersion}
Compression=lzma2/max
SolidCompression=yes
LZMANumBlockThreads=4
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; For all users by default (IT installs it); a user without admin rights may choose
; "only for me" in the dialog, or /CURRENTUSER on the command line.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no module of an older version may stay behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\minref\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Comment: "Offline minerals reference"
Name: "{autodesktop}\{#MyAppName}"; Filename: "{app}\{#MyAppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#MyAppExe}"; Description: "{cm:LaunchProgram,{#MyAppName}}"; Flags: nowait postinstall skipifsilent
