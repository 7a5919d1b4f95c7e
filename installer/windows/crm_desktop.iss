; Inno Setup script for CRM Desktop (Windows).
; Build the one-folder bundle first (installer\windows\build.ps1 does both), then:
;   iscc /DAppVersion=0.1.0 installer\windows\crm_desktop.iss
; The customer database lives in the user's data folder (%LOCALAPPDATA%\CRM Desktop),
; never in the install folder, so upgrades and uninstalls leave it alone.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E2B3C1A-6A4E-4C57-9E5B-2B1C0F3D7A11}
AppName=CRM Desktop
AppVersion={#AppVersion}
AppPublisher=CRM Desktop
DefaultDirName={autopf}\CRM Desktop
DefaultGroupName=CRM Desktop
OutputDir=..\..\dist
OutputBaseFilename=crm-desktop-{#AppVersion}-setup
SetupIconFile=..\..\crm_desktop\resources\icons\crm-desktop.ico
UninstallDisplayIcon={app}\crm-desktop.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "assoc"; Description: "Open .crmdb files with CRM Desktop"; GroupDescription: "File association:"; Flags: unchecked

[Files]
Source: "..\..\dist\crm-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CRM Desktop"; Filename: "{app}\crm-desktop.exe"
Name: "{group}\{cm:UninstallProgram,CRM Desktop}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CRM Desktop"; Filename: "{app}\crm-desktop.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.crmdb"; ValueType: string; ValueName: ""; ValueData: "CRMDesktop.Database"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\CRMDesktop.Database"; ValueType: string; ValueName: ""; ValueData: "CRM Desktop database"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\CRMDesktop.Database\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\crm-desktop.exe,0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\CRMDesktop.Database\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\crm-desktop.exe"" --db ""%1"""; Tasks: assoc

[Run]
Filename: "{app}\crm-desktop.exe"; Description: "{cm:LaunchProgram,CRM Desktop}"; Flags: nowait postinstall skipifsilent

; [UninstallDelete] deliberately lists nothing from the user data folder.
