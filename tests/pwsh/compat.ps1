# Get-CompatProblem TEXT: what in a script needs PowerShell newer than 3.0
# (Exchange 2013/2016 on Windows Server 2012 R2 run Windows PowerShell 4.0,
# Server 2012 ships 3.0), found on the syntax tree, each as "LINE:COLUMN: what
# (version)". Dot-source this file.

# Syntax newer than 3.0, by AST node type.
$script:compatNodes = @{
    'UsingStatementAst'          = 'a using statement (5.0)'
    'TypeDefinitionAst'          = 'a class or enum definition (5.0)'
    'ConfigurationDefinitionAst' = 'a DSC configuration (4.0)'
    'DynamicKeywordStatementAst' = 'a dynamic keyword (4.0)'
    'TernaryExpressionAst'       = 'the ternary operator ?: (7.0)'
    'PipelineChainAst'           = 'a pipeline chain && or || (7.0)'
}

# Cmdlets and parameters that came after 3.0: name -> version, and
# "cmdlet -parameter" -> version.
$script:compatCommands = @{
    'New-TemporaryFile' = '5.0'; 'New-Guid' = '5.0'; 'Get-Clipboard' = '5.0'; 'Set-Clipboard' = '5.0'
    'ConvertFrom-String' = '5.0'; 'Compress-Archive' = '5.0'; 'Expand-Archive' = '5.0'
    'Import-PowerShellDataFile' = '5.0'; 'Write-Information' = '5.0'; 'Format-Hex' = '5.0'
    'Get-FileHash' = '4.0'; 'Get-Uptime' = '6.0'; 'Test-Json' = '6.1'; 'Join-String' = '6.2'
    'Get-Error' = '7.0'; 'ConvertFrom-Markdown' = '6.1'; 'Remove-Alias' = '6.0'; 'Get-PSHostProcessInfo' = '5.0'
}
$script:compatParameters = @{
    'ForEach-Object -Parallel' = '7.0'; 'ForEach-Object -ThrottleLimit' = '7.0'
    'ConvertFrom-Json -AsHashtable' = '6.0'; 'ConvertFrom-Json -Depth' = '6.2'; 'ConvertFrom-Json -NoEnumerate' = '7.0'
    'ConvertTo-Json -AsArray' = '6.0'; 'ConvertTo-Json -EnumsAsStrings' = '6.0'; 'ConvertTo-Json -EscapeHandling' = '6.2'
    'Get-Content -AsByteStream' = '6.0'; 'Set-Content -AsByteStream' = '6.0'; 'Set-Content -NoNewline' = '5.0'
    'Out-File -NoNewline' = '5.0'; 'Out-String -NoNewline' = '5.0'; 'Add-Content -NoNewline' = '5.0'
    'Invoke-RestMethod -SkipCertificateCheck' = '6.0'; 'Invoke-WebRequest -SkipCertificateCheck' = '6.0'
    'Invoke-RestMethod -Authentication' = '6.0'; 'Invoke-WebRequest -Authentication' = '6.0'
    'Join-Path -AdditionalChildPath' = '6.0'; 'Select-Object -SkipLast' = '5.0'; 'Select-Object -CaseInsensitive' = '7.4'
    'Sort-Object -Top' = '6.0'; 'Sort-Object -Bottom' = '6.0'; 'Sort-Object -Stable' = '6.0'
    'Get-ChildItem -Depth' = '5.0'; 'Split-Path -LeafBase' = '6.0'; 'Split-Path -Extension' = '6.0'
    'Get-Date -AsUTC' = '7.1'; 'Get-Date -UnixTimeSeconds' = '7.1'
    'Get-Process -IncludeUserName' = '4.0'; 'Import-Module -UseWindowsPowerShell' = '7.0'
    'Start-Process -Environment' = '7.4'; 'Test-Connection -TargetName' = '6.0'; 'Get-Command -UseFuzzyMatching' = '7.0'
    'Invoke-Command -HostName' = '6.0'; 'New-PSSession -HostName' = '6.0'; 'Invoke-Command -SSHTransport' = '6.0'
    'Get-Random -Shuffle' = '7.0'
}

function Get-CompatProblem([string]$Text) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
    $found = New-Object System.Collections.Generic.List[string]
    $say = { param($node, $what) $found.Add(('{0}:{1}: {2}' -f $node.Extent.StartLineNumber, $node.Extent.StartColumnNumber, $what)) }
    foreach ($parseError in $errors) {
        $found.Add(('{0}:{1}: does not parse: {2}' -f $parseError.Extent.StartLineNumber, $parseError.Extent.StartColumnNumber, $parseError.Message))
    }
    $nodes = $ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        $type = $node.GetType().Name
        if ($script:compatNodes.ContainsKey($type)) { & $say $node $script:compatNodes[$type] }
        if ($type -eq 'BinaryExpressionAst' -and "$($node.Operator)" -eq 'QuestionQuestion') { & $say $node 'the null-coalescing operator ?? (7.0)' }
        if ($type -eq 'AssignmentStatementAst' -and "$($node.Operator)" -eq 'QuestionQuestionEquals') { & $say $node 'the ??= operator (7.0)' }
        if ($type -match '^(Member|InvokeMember)ExpressionAst$' -and $node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $say $node 'the null-conditional ?. or ?[] (7.0)' }
        if ($type -eq 'IndexExpressionAst' -and $node.PSObject.Properties['NullConditional'] -and $node.NullConditional) { & $say $node 'the null-conditional ?[] (7.0)' }
        if ($type -eq 'InvokeMemberExpressionAst') {
            $member = $node.Member.Extent.Text
            if ($node.Static -and $member -eq 'new') { & $say $node 'the ::new() constructor call (5.0)' }
            if (-not $node.Static -and ($member -eq 'ForEach' -or $member -eq 'Where')) { & $say $node ('the .{0}() collection method (4.0)' -f $member) }
        }
        if ($type -eq 'NamedBlockAst' -and "$($node.BlockKind)" -eq 'Clean') { & $say $node 'a clean block (7.3)' }
        if ($type -eq 'CommandAst') {
            $name = $node.GetCommandName()
            if ($null -eq $name) { continue }
            foreach ($command in $script:compatCommands.Keys) {
                if ($name -eq $command) { & $say $node ('{0} ({1})' -f $command, $script:compatCommands[$command]) }
            }
            foreach ($element in $node.CommandElements) {
                if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
                foreach ($pair in $script:compatParameters.Keys) {
                    $parts = $pair.Split(' ')
                    # A parameter may be abbreviated: -AsHash is -AsHashtable.
                    if ($name -eq $parts[0] -and $element.ParameterName.Length -ge 3 -and $parts[1].Substring(1).StartsWith($element.ParameterName, [System.StringComparison]::OrdinalIgnoreCase)) {
                        & $say $element ('{0} ({1})' -f $pair, $script:compatParameters[$pair])
                    }
                }
            }
        }
    }
    return , $found.ToArray()
}
