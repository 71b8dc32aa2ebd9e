<#
.SYNOPSIS
  Makes the Glassbay kiosk shell the Windows shell of one local account, restarted whenever it exits.

.DESCRIPTION
  Windows' "Set up a kiosk" (Assigned Access) takes only UWP apps or Edge; a Win32 app such as the
  Glassbay kiosk needs Shell Launcher (Windows 10/11 Enterprise, Education or IoT Enterprise). This
  script turns Shell Launcher on, sets GlassbayKiosk.exe as the shell of the kiosk account with the
  exit action "restart the shell" (0), keeps Explorer for every other account (administrators can
  still sign in and service the PC), and tells the kiosk shell it is supervised, so after an
  uncaught error it exits and lets Shell Launcher start it again instead of relaunching itself.

  Run it once, elevated, after installing glassbay-kiosk-setup-<version>.exe. Sign out and in as
  the kiosk account (set it to sign in automatically) to see the screen come up.

.EXAMPLE
  .\Set-GlassbayShellLauncher.ps1 -User kiosk
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)] [string] $User,
  [string] $Shell = "$env:ProgramFiles\Glassbay Kiosk\GlassbayKiosk.exe"
)
$ErrorActionPreference = 'Stop'

if (-not (Test-Path $Shell)) { throw "The kiosk shell is not installed at $Shell; install glassbay-kiosk-setup first." }

# 1. Shell Launcher is an optional Windows feature ("Device Lockdown > Shell Launcher").
$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne 'Enabled') {
  Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -NoRestart | Out-Null
  Write-Host 'Shell Launcher turned on; restart Windows once, then run this script again.'
  exit 3010
}

# 2. The kiosk account's SID (Shell Launcher is configured by SID, not by name).
$sid = (New-Object System.Security.Principal.NTAccount($User)).Translate([System.Security.Principal.SecurityIdentifier]).Value

# 3. The shell for that account; exit action 0 restarts it, whatever its exit code.
$RestartShell = 0
$launcher = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"
$launcher.SetDefaultShell('explorer.exe', $RestartShell) | Out-Null
try { $launcher.RemoveCustomShell($sid) | Out-Null } catch { }
$launcher.SetCustomShell($sid, "`"$Shell`"", $null, $null, $RestartShell) | Out-Null
$launcher.SetEnabled($true) | Out-Null

# 4. The shell exits on a fatal error and lets Shell Launcher restart it (see apps/kiosk/README.md).
[Environment]::SetEnvironmentVariable('GLASSBAY_KIOSK_SUPERVISED', '1', 'Machine')

Write-Host "Glassbay Kiosk is now the shell of $User ($sid), restarted whenever it exits."
Write-Host 'Undo: $l = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"; $l.RemoveCustomShell("' + $sid + '")'
