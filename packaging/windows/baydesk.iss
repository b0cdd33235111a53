; Inno Setup 6 script for the BayDesk installer on Windows.
;
; Build the one-folder bundle first (packaging\README.md, "Windows"), then:
;   iscc /DAppVersion=0.1.0 packaging\windows\baydesk.iss
; which writes dist\baydesk-0.1.0-windows-x64-setup.exe.
;
; The installer asks whether to install for the current user only (no
; administrator rights; into %LOCALAPPDATA%\Programs\BayDesk) or for all users
; of the PC (into Program Files). Silent installs: /VERYSILENT /CURRENTUSER
; or /VERYSILENT /ALLUSERS.
;
; Uninstalling removes the program only. The shop's database, settings and
; backups live in the user's AppData (platformdirs: %LOCALAPPDATA%\BayDesk)
; and are never deleted by the uninstaller.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: iscc /DAppVersion=X.Y.Z baydesk.iss
#endif
#ifndef BundleDir
  ; PyInstaller's output folder, relative to this script.
  #define BundleDir "..\..\build\windows\dist\BayDesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

#define AppName "BayDesk"
#define AppExe "BayDesk.exe"

[Setup]
; AppId identifies BayDesk to Windows across versions (upgrades, uninstall).
; Never change it.
AppId={{667ECB84-4544-45E1-A3D8-9A5E0AF54EAA}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BayDesk
AppComments=Point of sale and shop floor for independent auto repair shops
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default; the user may choose all users (needs administrator).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=baydesk-{#AppVersion}-windows-x64-setup
SetupIconFile=baydesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running BayDesk before files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle whole, so no library of an older version is left behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Point of sale and shop floor"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may leave in its own folder; never user data.
Type: filesandordirs; Name: "{app}\_internal"
