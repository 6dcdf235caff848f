export { evaluateCommand, type CommandPolicyRules, type PolicyDecision, type PolicyVerdict } from './command-policy';
export { DEFAULT_ALLOW, DEFAULT_DENY } from './default-rules';
export { parseShell, ShellParseError, type ParsedShell, type SimpleCommand, type ShellWord, type ShellRedirect } from './shell-parser';
