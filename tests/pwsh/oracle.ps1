<#
.SYNOPSIS
The parser oracle: PowerShell's own parser reads every script casdoctor
generates (written by casdoctor_dump_scripts).

.DESCRIPTION
For each .ps1 file given:
  - [System.Management.Automation.Language.Parser]::ParseInput must report
    no error;
  - no token may be an expandable string ("..." or @"..."@): the templates
    (script_template.hpp) promise single-quoted literals only, so no value can
    ever be interpolated;
  - when NAME.hostile lies next to NAME.ps1 (lines "MARKER<TAB>VALUE"), every
    place a marker occurs in the script must be inside a single-quoted string
    token (TokenKind StringLiteral) whose value holds the whole hostile value
    (as it is, or with \ and ' escaped the WQL way, for service filters) as
    often as the marker occurs in it: a value that left its literal, was cut
    in two or landed in a comment or an expandable string fails.
Exit 0 when every file passes, 1 on any finding (each on stderr as
FILE:LINE:COLUMN: what), 2 when no file was given.
#>
param([Parameter(ValueFromRemainingArguments = $true)][string[]]$Path)

$ErrorActionPreference = 'Stop'
$parser = [System.Management.Automation.Language.Parser]
$findings = New-Object System.Collections.Generic.List[string]

function Add-Finding([string]$File, $Extent, [string]$What) {
    $findings.Add(('{0}:{1}:{2}: {3}' -f $File, $Extent.StartLineNumber, $Extent.StartColumnNumber, $What))
}

function Get-WqlEscaped([string]$Value) {
    return ($Value -replace '([\\''])', '\$1')
}

function Get-Count([string]$Text, [string]$Part) {
    if ($Part.Length -eq 0) { return 0 }
    $count = 0
    $at = $Text.IndexOf($Part, [System.StringComparison]::Ordinal)
    while ($at -ge 0) {
        $count++
        $at = $Text.IndexOf($Part, $at + $Part.Length, [System.StringComparison]::Ordinal)
    }
    return $count
}

function Test-Hostile([string]$File, [string]$Text, $Tokens, [string]$Marker, [string]$Value) {
    $at = $Text.IndexOf($Marker, [System.StringComparison]::Ordinal)
    if ($at -lt 0) {
        $findings.Add(('{0}: the hostile value {1} does not occur in the script' -f $File, $Marker))
        return
    }
    $checked = @{}
    while ($at -ge 0) {
        $token = $null
        foreach ($candidate in $Tokens) {
            if ($candidate.Extent.StartOffset -le $at -and $at -lt $candidate.Extent.EndOffset) { $token = $candidate; break }
        }
        if ($null -eq $token) {
            $findings.Add(('{0}: {1} at offset {2} lies outside every token' -f $File, $Marker, $at))
        } elseif ($token.Kind -ne [System.Management.Automation.Language.TokenKind]::StringLiteral) {
            Add-Finding $File $token.Extent ('{0} lands in a {1} token: {2}' -f $Marker, $token.Kind, $token.Text)
        } elseif (-not $checked.ContainsKey($token.Extent.StartOffset)) {
            $checked[$token.Extent.StartOffset] = $true
            $markers = Get-Count $token.Text $Marker
            $whole = (Get-Count $token.Value $Value) + (Get-Count $token.Value (Get-WqlEscaped $Value))
            if ($Value -eq (Get-WqlEscaped $Value)) { $whole = Get-Count $token.Value $Value }
            if ($whole -lt $markers) {
                Add-Finding $File $token.Extent ('{0}: the literal does not hold the whole value ({1} of {2}): {3}' -f $Marker, $whole, $markers, $token.Text)
            }
        }
        $at = $Text.IndexOf($Marker, $at + $Marker.Length, [System.StringComparison]::Ordinal)
    }
}

if (-not $Path -or $Path.Count -eq 0) {
    [Console]::Error.WriteLine('oracle: no script given')
    exit 2
}

$utf8 = New-Object System.Text.UTF8Encoding $false, $true
$hostileChecked = 0
foreach ($file in $Path) {
    $text = [System.IO.File]::ReadAllText($file, $utf8)
    $tokens = $null
    $errors = $null
    [void]$parser::ParseInput($text, [ref]$tokens, [ref]$errors)
    foreach ($parseError in $errors) {
        Add-Finding $file $parseError.Extent ('{0}: {1}' -f $parseError.ErrorId, $parseError.Message)
    }
    foreach ($token in $tokens) {
        if ($token.Kind -eq 'StringExpandable' -or $token.Kind -eq 'HereStringExpandable' -or $token.Kind -eq 'HereStringLiteral') {
            Add-Finding $file $token.Extent ('a {0} token (only single-quoted literals are made): {1}' -f $token.Kind, $token.Text)
        }
    }
    $sidecar = [System.IO.Path]::ChangeExtension($file, '.hostile')
    if (Test-Path -LiteralPath $sidecar) {
        foreach ($line in [System.IO.File]::ReadAllLines($sidecar, $utf8)) {
            if ($line.Length -eq 0) { continue }
            $parts = $line.Split([char]9, 2)
            Test-Hostile $file $text $tokens $parts[0] $parts[1]
            $hostileChecked++
        }
    }
}

# On stdout, so that a caller in the same session (oracle.Tests.ps1) sees them.
$findings
'oracle: {0} script(s) parsed, {1} hostile value placement(s) checked, {2} finding(s)' -f $Path.Count, $hostileChecked, $findings.Count
if ($findings.Count -gt 0) { exit 1 }
exit 0
